import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool } from '../../lib/db';
import { freePort } from '../../lib/db/freePort';
import { handleIngest } from '../../lib/ingest';
import { canonicalBytes, chainHash, documentFromExecutionRow, GENESIS_CHAIN_HASH, leafHash, type ExecutionRow } from '../../lib/ledger';
import { canonicalJson } from '../../lib/ledger/canonicalJson';
import { createRecorder, httpSink, jsonlFileSink, type Recorder } from '../../lib/mcp';
import type { Step } from '../../lib/mcp/demo/benignSteps';
import { connectHttp, connectInMemory } from '../../lib/mcp/demo/connections';
import { createDemoServer, DEMO_SERVER_INFO } from '../../lib/mcp/demo/demoServer';
import { TOOL_VERSIONS } from '../../lib/mcp/demo/demoTools';
import { hostMcpOverHttp, type McpHttpHost } from '../../lib/mcp/demo/httpHost';
import { planDemoSessions, type SessionPlan } from '../../lib/mcp/demo/sessionPlans';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, post, sql } from '../support/ingestFixtures';

/** A real outage of the stated length; shorten it only for local experiments. */
const OUTAGE_MS = Number(process.env.WARDEN_TEST_OUTAGE_MS ?? 30_000);
type Row = ExecutionRow & { seq: string; leaf_hash: Buffer; chain_hash: Buffer };
interface Observed { sessionId: string; plan: SessionPlan; step: Step; isError: boolean; text: string }

const routes = { '/api/v1/ingest': handleIngest };
const sha256 = async (text: string) => (await import('node:crypto')).hash('sha256', text, 'hex');
const firstText = (content: unknown) => String((content as { text?: string }[] | undefined)?.[0]?.text ?? '');
// Map.groupBy is Node 21+.
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

let dir: string;
let port: number;
let warden: Awaited<ReturnType<typeof serveHandler>>;
let host: McpHttpHost;
let recorder: Recorder;
let sink: ReturnType<typeof httpSink>;
let jsonlPath: string;

beforeAll(async () => {
  await freshDatabase();
  const token = await ingestToken('staging');
  dir = mkdtempSync(path.join(os.tmpdir(), 'warden-mcp-outage-'));
  jsonlPath = path.join(dir, 'log', 'executions.jsonl');
  port = await freePort();
  warden = await serveHandler(routes, port);
  sink = httpSink({ url: warden.url, token, spillPath: path.join(dir, 'spill', 'warden.jsonl'), batchSize: 50, flushIntervalMs: 100, maxBackoffMs: 1000, onError: () => {} });
  recorder = createRecorder({ environment: 'staging', sinks: [sink, jsonlFileSink({ path: jsonlPath, maxBytes: 64 * 1024, maxFiles: 100 })] });
  host = await hostMcpOverHttp({
    createServer: (request) => createDemoServer({ driftRunQueryAfter: request.headers['x-drift-after'] ? Number(request.headers['x-drift-after']) : undefined }).server,
    wrapTransport: (transport) => recorder.wrap(transport),
    authenticate: (bearer) => (bearer?.startsWith('user:') ? { token: bearer, clientId: 'agents', scopes: [], extra: { user_id: bearer.slice(5) } } : undefined),
  });
});
afterAll(async () => {
  await host?.close();
  await warden?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One agent session over Streamable HTTP with the SDK client, remembering what the client saw. */
async function drive(plan: SessionPlan): Promise<Observed[]> {
  const headers: Record<string, string> = plan.driftRunQueryAfter ? { 'x-drift-after': String(plan.driftRunQueryAfter) } : {};
  const { client, close } = await connectHttp(host.url, { name: plan.agent }, { token: `user:${plan.user}`, headers });
  const sessionId = (client.transport as { sessionId?: string }).sessionId!;
  const seen: Observed[] = [];
  try {
    for (const step of plan.steps) {
      let isError = false;
      let text = '';
      try {
        if (step.kind === 'tool') {
          const result = await client.callTool({ name: step.name, arguments: step.args });
          [isError, text] = [result.isError === true, firstText(result.content)];
        } else if (step.kind === 'prompt') {
          text = firstText([(await client.getPrompt({ name: step.name, arguments: step.args })).messages[0]?.content]);
        } else {
          text = firstText((await client.readResource({ uri: step.uri })).contents);
        }
      } catch (error) {
        [isError, text] = [true, (error as Error).message];
      }
      seen.push({ sessionId, plan, step, isError, text });
    }
  } finally {
    await close();
  }
  return seen;
}

function expectIntactChain(rows: Row[]): void {
  expect(rows.map((row) => Number(row.seq))).toEqual(rows.map((_, index) => index));
  let chain: Buffer = GENESIS_CHAIN_HASH;
  for (const row of rows) {
    const leaf = leafHash(canonicalBytes(documentFromExecutionRow(row)));
    expect(leaf.equals(row.leaf_hash), `leaf ${row.seq}`).toBe(true);
    chain = chainHash(chain, leaf);
    expect(chain.equals(row.chain_hash), `chain ${row.seq}`).toBe(true);
  }
}

/** input_schema_hash as clients see the schema: before and after run_query's unannounced change. */
async function runQueryHashes(): Promise<[string, string]> {
  const { server } = createDemoServer({ driftRunQueryAfter: 1 });
  const { client, close } = await connectInMemory(server, { name: 'probe' });
  const hashOf = async () => sha256(canonicalJson((await client.listTools()).tools.find((tool) => tool.name === 'run_query')!.inputSchema));
  const before = await hashOf();
  await client.callTool({ name: 'run_query', arguments: { sql: 'SELECT count(*) FROM billing.orders' } });
  const after = await hashOf();
  await close();
  return [before, after];
}

describe('MCP recorder → HTTP sink → Warden, with Warden down for a while', () => {
  it(`stores every call exactly once with the right fields through a ${OUTAGE_MS / 1000} s outage; the JSONL file ingests to the same records`, async () => {
    const plans = planDemoSessions({ count: 1500, environment: 'staging', seed: 5 });
    const attacks = [...new Map(plans.filter((plan) => plan.scenario && plan.scenario !== 'failure_burst').map((plan) => [plan.scenario, plan])).values()];
    const benign = plans.filter((plan) => !plan.scenario);
    const observed: Observed[] = [];
    for (const plan of [...attacks, ...benign.slice(0, 3)]) observed.push(...await drive(plan));

    await warden.close();
    const outageStarted = Date.now();
    let during = 0;
    for (let next = 3; Date.now() - outageStarted < OUTAGE_MS - 2_000; next++) {
      const calls = await drive(benign[next % benign.length]!);
      during += calls.length;
      observed.push(...calls);
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // calls keep coming, but at a pace a loaded CI box sustains
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))));
    const whileDown = sink.stats();
    expect(whileDown.accepted).toBeLessThan(observed.length);
    expect(whileDown.spilled).toBeGreaterThanOrEqual(during);
    warden = await serveHandler(routes, port);
    for (const plan of benign.slice(60, 62)) observed.push(...await drive(plan));
    // The sink finds Warden back by itself (no close needed): the spill file drains within a few back-offs.
    const answered = () => sink.stats().accepted + sink.stats().duplicates;
    for (let waited = 0; answered() < observed.length && waited < 15_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered()).toBe(observed.length);
    await recorder.close();

    const stats = sink.stats();
    expect(stats).toMatchObject({ rejected: 0, dropped: 0, quarantined: 0, queued: 0, spillBytes: 0 });
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.accepted + stats.duplicates).toBe(observed.length);
    const rows = await sql<Row>('SELECT * FROM executions ORDER BY seq');
    expect(Number((await sql<{ n: string }>('SELECT count(*) AS n FROM quarantined_lines'))[0]!.n)).toBe(0);
    expect(rows).toHaveLength(observed.length);
    expect(new Set(rows.map((row) => row.id)).size).toBe(observed.length);
    expectIntactChain(rows);

    // Each session's rows in request order are its calls in order: compare with what the client saw.
    const [hashBefore, hashAfter] = await runQueryHashes();
    expect(hashAfter).not.toBe(hashBefore);
    const bySession = groupBy(rows, (row) => String(row.session_id));
    const sessions = groupBy(observed, (call) => call.sessionId);
    expect(bySession.size).toBe(sessions.size);
    for (const [sessionId, calls] of sessions) {
      const stored = bySession.get(sessionId)!.sort((a, b) => Number(a.request_id) - Number(b.request_id));
      expect(stored).toHaveLength(calls.length);
      let queries = 0;
      calls.forEach((call, index) => {
        const row = stored[index]! as Row & Record<string, any>;
        const { plan, step } = call;
        expect(row).toMatchObject({ environment: 'staging', server_name: DEMO_SERVER_INFO.name, server_version: DEMO_SERVER_INFO.version, user_id: plan.user, agent_id: plan.agent, is_error: call.isError });
        expect(row.attributes).toMatchObject({ transport: 'streamable-http', client: `${plan.agent}/2025.07` });
        if (step.kind === 'tool') {
          expect(row).toMatchObject({ method: 'tools/call', tool_name: step.name, tool_version: TOOL_VERSIONS[step.name as keyof typeof TOOL_VERSIONS], arguments: step.args });
          expect(row.input_schema_hash).toMatch(/^[0-9a-f]{64}$/);
          if (step.name === 'run_query') expect(row.input_schema_hash).toBe(plan.driftRunQueryAfter && queries++ >= plan.driftRunQueryAfter ? hashAfter : hashBefore);
          if (call.isError) expect(row.error).toBe(call.text);
          else expect(firstText(row.output.content)).toBe(call.text);
          if (['read_file', 'fetch_url', 'send_email', 'shell_exec'].includes(step.name) && !call.isError) expect(row.side_effects.length).toBeGreaterThan(0);
        } else if (step.kind === 'prompt') {
          expect(row).toMatchObject({ method: 'prompts/get', prompt_name: step.name, arguments: step.args, prompt: call.text });
          expect(row.prompt_checksum).toMatch(/^[0-9a-f]{64}$/);
        } else {
          expect(row).toMatchObject({ method: 'resources/read', arguments: { uri: step.uri } });
        }
      });
    }
    const kinds = new Set(rows.map((row) => String(row.tool_name ?? row.prompt_name ?? row.method)));
    for (const kind of ['read_file', 'list_dir', 'search_docs', 'fetch_url', 'run_query', 'send_email', 'shell_exec', 'quick-debug']) expect(kinds).toContain(kind);

    // Fluent Bit's path: the rotated JSONL files, oldest first, POSTed as JSON lines into an empty Warden.
    const files = [...Array.from({ length: 100 }, (_, i) => `${jsonlPath}.${100 - i}`).filter(existsSync), jsonlPath];
    expect(files.length).toBeGreaterThan(1);
    const leafById = new Map(rows.map((row) => [row.id, row.leaf_hash.toString('hex')]));
    await closePool();
    await freshDatabase();
    const token = await ingestToken('staging');
    let accepted = 0;
    for (const file of files) {
      const answer = await post(warden.url, token, readFileSync(file), { 'content-type': 'application/json-lines' });
      expect(answer.body).toMatchObject({ duplicates: 0, quarantined: 0 });
      accepted += answer.body.accepted;
    }
    expect(accepted).toBe(observed.length);
    const again = await sql<Row>('SELECT * FROM executions ORDER BY seq');
    expectIntactChain(again);
    for (const row of again) expect(row.leaf_hash.toString('hex'), row.id).toBe(leafById.get(row.id));
    console.log(`outage test: ${observed.length} calls, ${during} during the ${OUTAGE_MS / 1000} s outage, ${stats.retries} retries, ${stats.spilled} spilled, ${files.length} JSONL files`);
  }, 120_000);
});
