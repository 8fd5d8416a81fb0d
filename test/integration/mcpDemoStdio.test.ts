import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../../lib/ingest';
import { runPlannedSession } from '../../lib/mcp/demo/agentSimulator';
import { connectStdio } from '../../lib/mcp/demo/connections';
import { DEMO_SERVER_INFO } from '../../lib/mcp/demo/demoServer';
import { TOOL_VERSIONS } from '../../lib/mcp/demo/demoTools';
import { planDemoSessions } from '../../lib/mcp/demo/sessionPlans';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, sql } from '../support/ingestFixtures';

let warden: Awaited<ReturnType<typeof serveHandler>>;
let token: string;
let dir: string;

beforeAll(async () => {
  await freshDatabase();
  token = await ingestToken('staging');
  warden = await serveHandler({ '/api/v1/ingest': handleIngest });
  dir = mkdtempSync(path.join(os.tmpdir(), 'warden-mcp-stdio-'));
});
afterAll(async () => {
  await warden?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo server as a stdio child process, recorded', () => {
  it('records an SDK client session over stdio to Warden and to a JSONL file, schema drift included', async () => {
    const plans = planDemoSessions({ count: 1000, environment: 'staging', seed: 9 });
    const drift = plans.find((plan) => plan.scenario === 'schema_changed_without_bump')!;
    const benign = plans.find((plan) => !plan.scenario && plan.steps.length >= 5)!;
    const file = path.join(dir, 'executions.jsonl');
    const session = await connectStdio({ name: drift.agent }, {
      MCP_ENV: 'staging', WARDEN_URL: warden.url, WARDEN_TOKEN: token, WARDEN_SPILL_PATH: path.join(dir, 'spill.jsonl'),
      MCP_RECORD_FILE: file, DEMO_USER: 'yuki@acme.dev', DEMO_DRIFT_RUN_QUERY_AFTER: '1',
    });
    expect(session.pid).toBeGreaterThan(0);
    const calls = (await runPlannedSession(session.client, drift)).calls + (await runPlannedSession(session.client, benign)).calls;
    // The child's HTTP sink delivers on its own while the server runs (every 250 ms)…
    const stored = async () => sql<Record<string, any>>('SELECT * FROM executions ORDER BY seq');
    for (let waited = 0; (await stored()).length < calls && waited < 20_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    await session.close(); // …and closing stdin makes it flush the file sink and exit

    const rows = await stored();
    expect(rows).toHaveLength(calls);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(lines.map((line) => line.id).sort()).toEqual(rows.map((row) => row.id).sort());
    for (const row of rows) {
      expect(row).toMatchObject({ server_name: DEMO_SERVER_INFO.name, user_id: 'yuki@acme.dev', agent_id: drift.agent, attributes: { transport: 'stdio' } });
    }
    expect(new Set(rows.map((row) => row.session_id)).size).toBe(1);
    const queries = rows.filter((row) => row.tool_name === 'run_query').sort((a, b) => Number(a.request_id) - Number(b.request_id));
    expect(queries.length).toBeGreaterThanOrEqual(3);
    // Same declared version throughout, a different input schema from the second query on.
    expect(new Set(queries.map((row) => row.tool_version))).toEqual(new Set([TOOL_VERSIONS.run_query]));
    expect(queries[1]!.input_schema_hash).not.toBe(queries[0]!.input_schema_hash);
    expect(new Set(queries.slice(1).map((row) => row.input_schema_hash)).size).toBe(1);
    expect(queries[1]).toMatchObject({ is_error: false, arguments: { allow_write: true } });
  }, 60_000);
});
