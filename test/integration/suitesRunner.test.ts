import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as executionDetailRoute } from '../../app/api/v1/executions/[env]/[seq]/route';
import { GET as executionsRoute } from '../../app/api/v1/executions/route';
import { GET as junitRoute } from '../../app/api/v1/suites/runs/[id]/junit/route';
import { createToken } from '../../lib/tokens';
import { junitSchemaProblems } from '../support/junitStructure';
import { CLI_ACTOR } from '../../lib/audit';
import { createUser } from '../../lib/auth';
import { db } from '../../lib/db/client';
import { handleIngest } from '../../lib/ingest';
import { hostReleaseDemoServer } from '../../lib/mcp/demo/releaseHttpHost';
import { decidePromotion, deployPromotion, deployToStaging, requestPromotion, type SessionActor } from '../../lib/registry';
import { getReleaseGateResult, runReleaseSuites } from '../../lib/suites';
import { seedSuiteDemo, type SeededSuiteDemo } from '../../lib/suites/demoSuites';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { sql } from '../support/ingestFixtures';

let server: Awaited<ReturnType<typeof serveHandler>>;
let demo: SeededSuiteDemo;
let requester: SessionActor;
let approver: SessionActor;

beforeAll(async () => {
  await freshDatabase();
  process.env.WARDEN_PROMOTION_MIN_SOAK_MINUTES = '0';
  process.env.WARDEN_PROMOTION_GATES = 'suite,soak';
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  demo = await seedSuiteDemo(CLI_ACTOR);
  const lead = await createUser({ email: 'lead@suites.test', password: 'a-long-password-1', role: 'lead' });
  const admin = await createUser({ email: 'admin@suites.test', password: 'a-long-password-2', role: 'admin' });
  requester = { via: 'session', id: lead.id, email: lead.email, role: 'lead' };
  approver = { via: 'session', id: admin.id, email: admin.email, role: 'admin' };
}, 120_000);
afterAll(() => server.close());

const run = (releaseId: string) => runReleaseSuites({ releaseId, wardenUrl: server.url, trigger: 'cli', actor: CLI_ACTOR });

/** Request, approve and deploy: what a promotion of the release does, gates included. */
async function promote(releaseId: string) {
  expect(await deployToStaging({ releaseId }, { id: requester.id, email: requester.email })).toMatchObject({ ok: true });
  const requested = await requestPromotion({ releaseId, reason: 'ship the suites demo' }, requester);
  if (!requested.ok) return requested;
  const decided = await decidePromotion({ requestId: requested.value.id, decision: 'approved', comment: 'ok' }, approver);
  expect(decided).toMatchObject({ ok: true });
  return deployPromotion(requested.value.id, approver);
}

describe('suites against the demo MCP server (stdio, recorded through the real ingest API)', () => {
  it('has no gate result before a run: missing, never passed', async () => {
    expect(await getReleaseGateResult(demo.releases.fixed)).toMatchObject({ status: 'missing', runId: null, failures: [] });
  });

  it('fails the regression case of a release whose tool returns malformed output, with the execution as evidence', async () => {
    const report = await run(demo.releases.malformedOutput);
    expect(report).toMatchObject({ status: 'failed', failed: 1, errored: 0 });
    const gate = await getReleaseGateResult(demo.releases.malformedOutput);
    expect(gate.status).toBe('failed');
    expect(gate.runId).toBe(report.runId);
    expect(gate.failures).toHaveLength(1);
    const [failure] = gate.failures;
    expect(failure).toMatchObject({ caseName: 'select returns rows in the declared shape', kind: 'regression' });
    expect(failure!.reason).toMatch(/does not match the output schema/);
    expect(failure!.executionLink).toMatch(/^\/executions\/staging\/\d+$/);
    expect(failure!.diffLink).toContain('/registry/tools/run_query');
    // The linked execution is the call the case made: run_query 0.7.0, tagged with the run, written by the run's token.
    const seq = Number(failure!.executionLink!.split('/').pop());
    const [row] = await sql<{ tool_name: string; tool_version: string; run: string; token_prefix: string; scopes: string[]; environment: string }>(
      `SELECT e.tool_name, e.tool_version, e.attributes->>'test_run_id' AS run, t.prefix AS token_prefix, t.scopes, t.environment::text
         FROM executions e JOIN api_tokens t ON t.id = e.token_id WHERE e.environment = 'staging' AND e.seq = $1`, [seq]);
    expect(row).toMatchObject({ tool_name: 'run_query', tool_version: '0.7.0', run: report.runId, token_prefix: report.tokenPrefix, environment: 'staging' });
    expect(row!.scopes.sort()).toEqual(['executions:read', 'ingest:write']);
  }, 60_000);

  it('fails the attack case of a release whose tool follows an injected instruction', async () => {
    const report = await run(demo.releases.followsInjection);
    expect(report.status).toBe('failed');
    const gate = await getReleaseGateResult(demo.releases.followsInjection);
    expect(gate.failures.map((failure) => `${failure.kind}:${failure.caseName}`)).toEqual(['attack:attack:indirect_injection_fetch']);
    const reason = gate.failures[0]!.reason;
    expect(reason).toContain('forbidden side effect file_read → /home/dev/.aws/credentials');
    expect(reason).toContain('forbidden side effect email → vendor-helpdesk.example.net');
    expect(reason).toContain('egress to mail.acme.dev');
    expect(gate.failures[0]!.executionLink).toMatch(/^\/executions\/staging\/\d+$/);
  }, 60_000);

  it('blocks promotion of either failing release with the evidence, and promotes the fixed release once its suites pass', async () => {
    const blocked = [[demo.releases.malformedOutput, '1 regression case failed'], [demo.releases.followsInjection, '1 attack succeeded']] as const;
    for (const [releaseId, evidence] of blocked) {
      const outcome = await promote(releaseId);
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? '' : outcome.message).toContain(evidence);
    }
    const report = await run(demo.releases.fixed);
    expect(report).toMatchObject({ status: 'passed', failed: 0, errored: 0 });
    expect(report.passed).toBeGreaterThanOrEqual(6);
    expect(await getReleaseGateResult(demo.releases.fixed)).toMatchObject({ status: 'passed', runId: report.runId, failures: [] });
    expect(await promote(demo.releases.fixed)).toMatchObject({ ok: true });
  }, 90_000);

  it('records every call on the ledger, tagged with its run, and revokes the dry-run token afterwards', async () => {
    const runs = await db().testRun.findMany({ orderBy: { startedAt: 'asc' } });
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const testRun of runs) {
      const [tagged] = await sql<{ count: string }>(`SELECT count(*) FROM executions WHERE environment = 'staging' AND attributes->>'test_run_id' = $1 AND trace_id = $2`, [testRun.id, testRun.traceId]);
      const calls = await db().testCaseResult.count({ where: { runId: testRun.id, executionSeq: { not: null } } });
      expect(Number(tagged!.count)).toBe(calls);
      expect(calls).toBeGreaterThan(0);
      const token = await db().apiToken.findFirst({ where: { prefix: testRun.tokenPrefix! } });
      expect(token?.revokedAt).not.toBeNull();
    }
    const actions = await sql<{ action: string }>(`SELECT action FROM console_actions WHERE action LIKE 'test_%' OR action = 'token.revoked' ORDER BY seq`);
    expect(actions.filter((row) => row.action === 'test_run.finished')).toHaveLength(runs.length);
    expect(actions.filter((row) => row.action === 'token.revoked')).toHaveLength(runs.length);
  });

  it('reports the staging server running another version than the release as an error, not a pass', async () => {
    const host = await hostReleaseDemoServer({ toolVersions: { run_query: '0.6.1', fetch_url: '0.4.1' }, wardenUrl: server.url });
    try {
      const report = await runReleaseSuites({
        releaseId: demo.releases.fixed, wardenUrl: server.url, trigger: 'cli', actor: CLI_ACTOR,
        target: { transport: 'http', url: host.url, label: 'staging over HTTP' },
      });
      expect(report.status).toBe('failed');
      const results = await db().testCaseResult.findMany({ where: { runId: report.runId, target: 'run_query' } });
      expect(results.every((result) => result.outcome === 'error')).toBe(true);
      expect(results[0]!.reasons[0]).toContain('serves run_query 0.6.1, the release has 0.7.1');
      // Over Streamable HTTP the fetch_url cases still ran and were recorded with the run's token.
      const fetch = await db().testCaseResult.findMany({ where: { runId: report.runId, target: 'fetch_url' } });
      expect(fetch.every((result) => result.outcome === 'passed')).toBe(true);
      expect(fetch.filter((result) => result.executionSeq !== null).length).toBeGreaterThan(0);
    } finally {
      await host.close();
    }
    expect((await getReleaseGateResult(demo.releases.fixed)).status).toBe('failed');
  }, 60_000);
});

describe('the dry-run token is refused by production', () => {
  it('cannot write to or read from production; its staging records stay readable to it while it lives', async () => {
    const host = await hostReleaseDemoServer({ toolVersions: { run_query: '0.7.1', fetch_url: '0.4.1' }, wardenUrl: server.url });
    // A token minted exactly as the runner mints it, kept alive for this test.
    const { mintDryRunToken } = await import('../../lib/suites/dryRunToken');
    const token = await mintDryRunToken('negative-test', CLI_ACTOR);
    await host.close();
    const auth = { authorization: `Bearer ${token.token}` };
    const before = await sql<{ count: string }>(`SELECT count(*) FROM executions WHERE environment = 'production'`);
    const ingest = await fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: new Date().toISOString(), tool_name: 'run_query', environment: 'production', id: 'dry-run-to-prod' }),
    });
    expect(ingest.status).toBe(200);
    expect(await ingest.json()).toMatchObject({ accepted: 0, quarantined: 1 });
    const after = await sql<{ count: string }>(`SELECT count(*) FROM executions WHERE environment = 'production'`);
    expect(after[0]!.count).toBe(before[0]!.count);
    const [quarantined] = await sql<{ environment: string }>(`SELECT environment::text FROM quarantined_lines ORDER BY seq DESC LIMIT 1`);
    expect(quarantined!.environment).toBe('staging');

    const read = (handler: unknown, url: string, params: Record<string, string> = {}) =>
      (handler as (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>)(
        new Request(`http://warden.test${url}`, { headers: auth }), { params: Promise.resolve(params) });
    const list = await read(executionsRoute, '/api/v1/executions?env=production');
    expect(list.status).toBe(403);
    expect((await list.json()).message).toContain('staging token cannot read production');
    const detail = await read(executionDetailRoute, '/api/v1/executions/production/0', { env: 'production', seq: '0' });
    expect(detail.status).toBe(403);
    expect((await read(executionsRoute, '/api/v1/executions?env=staging')).status).toBe(200);
    // Scopes stop at staging writes and reads: no registry or ledger writes.
    expect(token.token.startsWith('wdn_staging_')).toBe(true);
  });

  it('serves a run as JUnit XML to a staging tests:run token and refuses production and scope-less tokens', async () => {
    const [latest] = await db().testRun.findMany({ orderBy: { startedAt: 'desc' }, take: 1 });
    const get = async (token: string) => (junitRoute as unknown as (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>)(
      new Request(`http://warden.test/api/v1/suites/runs/${latest!.id}/junit`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: latest!.id }) });
    const ci = await createToken({ name: 'ci', environment: 'staging', scopes: ['tests:run'] });
    const ok = await get(ci.token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('application/xml');
    expect(junitSchemaProblems(await ok.text())).toEqual([]);
    const production = await createToken({ name: 'prod-ci', environment: 'production', scopes: ['tests:run'] });
    const refused = await get(production.token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toContain('production token cannot read staging suite runs');
    const ingestOnly = await createToken({ name: 'ingest', environment: 'staging', scopes: ['ingest:write'] });
    expect((await get(ingestOnly.token)).status).toBe(403);
  });

  it('a run can never be recorded against production (database constraint)', async () => {
    await expect(db().testRun.create({ data: { releaseId: demo.releases.fixed, environment: 'production', trigger: 'cli', startedBy: 'x', target: 'x', traceId: 'x' } }))
      .rejects.toThrow(/test_runs_staging_only|check constraint/i);
  });
});
