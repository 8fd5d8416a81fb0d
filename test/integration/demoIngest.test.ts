import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../lib/demo';
import { handleIngest } from '../../lib/ingest';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { sql } from '../support/ingestFixtures';
import { freePort } from '../../lib/db/freePort';

let server: Awaited<ReturnType<typeof serveHandler>>;
beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(() => server.close());

describe('warden demo traffic', () => {
  it('goes through the real ingest API: every event valid, every attack scenario stored, a rerun only duplicates', async () => {
    const first = await runDemo({ url: server.url, events: 3000, environment: 'staging', seed: 7 });
    expect(first).toMatchObject({ accepted: 3000, duplicates: 0, quarantined: 0 });
    const scenarios = await sql<{ scenario: string }>(`SELECT DISTINCT attributes->>'demo_scenario' AS scenario FROM executions
      WHERE attributes->>'demo_scenario' IS NOT NULL ORDER BY 1`);
    expect(scenarios.map((row) => row.scenario)).toEqual([
      'exfiltration_unknown_host', 'failure_burst', 'prompt_injection_in_tool_output', 'schema_changed_without_bump',
      'secret_in_output', 'shell_exec_attempt', 'unregistered_prompt',
    ]);
    const again = await runDemo({ url: server.url, events: 3000, environment: 'staging', seed: 7 });
    expect(again).toMatchObject({ accepted: 0, duplicates: 3000 });
  }, 120_000); // two CLI runs sending through the real API

  it('refuses a token of the other environment before any session runs, and a Warden that is not there at once', async () => {
    await expect(runDemo({ url: server.url, events: 10, environment: 'staging', token: 'wdn_production_abc', seed: 1 }))
      .rejects.toThrow(/the token is a production token, but the records are staging's/);
    const started = performance.now();
    await expect(runDemo({ url: `http://127.0.0.1:${await freePort()}`, events: 10, environment: 'staging', token: 'wdn_staging_abc', seed: 1 }))
      .rejects.toThrow(/cannot reach Warden at http:\/\/127\.0\.0\.1:\d+: fetch failed \(.*ECONNREFUSED/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('fails, naming the cause, when Warden quarantines records or refuses the token', async () => {
    await expect(runDemo({ url: server.url, events: 20, environment: 'staging', token: 'wdn_staging_not_a_real_token', seed: 3 }))
      .rejects.toThrow(/Warden answered for 0 of 20 records: Warden refused 20 records \(HTTP 401/);
  }, 60_000);
});
