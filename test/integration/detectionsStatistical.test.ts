import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPendingDetections } from '../../lib/detect';
import { handleIngest } from '../../lib/ingest';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sql } from '../support/ingestFixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Thursday 10:00 UTC: the two days before are weekdays too.
const T = Date.parse('2026-11-19T10:00:00Z');

let server: Awaited<ReturnType<typeof serveHandler>>;
let token: string;
let n = 0;

const call = (at: number, extra: Record<string, unknown> = {}) => ({
  id: `st-${n++}`, timestamp: new Date(at).toISOString(), method: 'tools/call', tool_name: 'inventory_lookup', tool_version: '1.0.0',
  user_id: 'ops@acme.dev', agent_id: `agent-${n % 5}`, session_id: `day-${new Date(at).toISOString().slice(0, 10)}`, duration_ms: 18 + (n % 7), ...extra,
});

/** Four calls per 5 minutes for two hours around 10:00 on the given days before T. */
const steady = (days: number[], until = 12) => days.flatMap((day) => Array.from({ length: 12 + until }, (_, w) => w - 12).flatMap((window) =>
  Array.from({ length: 4 }, (_, k) => call(T - day * DAY + window * 300_000 + k * 60_000))));

async function ingest(events: unknown[]) {
  expect((await post(server.url, token, ndjson(events))).body.accepted).toBe(events.length);
  const report = await runPendingDetections();
  expect(report.failures).toEqual([]);
}

const alertsOf = (detector: string) => sql<{ severity: string; title: string; explanation: string; evidence_count: number; subject_user: string | null; subject_tool: string | null }>(
  'SELECT severity, title, explanation, evidence_count, subject_user, subject_tool FROM alerts WHERE detector = $1 ORDER BY created_at', [detector]);

beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  token = await ingestToken('staging');
});
afterAll(() => server.close());

describe('statistical detectors against a seasonal baseline', () => {
  it('stay quiet while learning and on ordinary days', async () => {
    await ingest([...steady([3, 2, 1]), ...steady([0], 0)]);
    for (const detector of ['rate_spike', 'error_spike', 'latency_spike', 'failure_burst', 'off_hours']) expect(await alertsOf(detector), detector).toEqual([]);
  });

  it('flag a burst: rate, errors and latency against the usual at that time of day, and the failures in one session', async () => {
    await ingest(Array.from({ length: 44 }, (_, i) => call(T + i * 5_000, {
      session_id: 'burst', duration_ms: 1500 + i, ...(i % 11 < 6 ? { is_error: true, error: 'permission denied' } : {}),
    })));
    const [rate] = await alertsOf('rate_spike').then((rows) => rows.filter((row) => row.subject_user === 'ops@acme.dev' && row.subject_tool === 'inventory_lookup'));
    expect(rate!.explanation).toMatch(/^44 calls in 5 min \(10:00–10:05 UTC\), usual 4 ± 2 \(median ± robust σ of 5-min windows around this time on 3 earlier weekdays\)/);
    const errors = await alertsOf('error_spike');
    expect(errors.map((row) => row.explanation).join('\n')).toContain('24 failed of 44 calls in 5 min');
    expect(errors.every((row) => row.evidence_count === 24)).toBe(true);
    const [latency] = await alertsOf('latency_spike');
    expect(latency!.title).toBe('Latency spike: tool inventory_lookup');
    expect(latency!.explanation).toMatch(/^Median 1\d{3} ms over 44 calls in 5 min/);
    const [burst] = await alertsOf('failure_burst');
    expect(burst).toMatchObject({ severity: 'high' });
    expect(burst!.explanation).toMatch(/^24 failed calls \(24 denied\) within \d+ min in one session of ops@acme\.dev/);
  });

  it('flags a call at an hour the user never works, once per user and day', async () => {
    await ingest([call(T + 14 * HOUR), call(T + 14 * HOUR + 60_000)]);
    const [offHours, ...more] = await alertsOf('off_hours');
    expect(more).toEqual([]);
    expect(offHours).toMatchObject({ severity: 'low', subject_user: 'ops@acme.dev', evidence_count: 2 });
    expect(offHours!.explanation).toMatch(/^2 call\(s\) between 00:00 and 01:00 UTC; ops@acme\.dev made 0 of \d+ calls \(0 %\)/);
  });

  it('flags the first use of an uncommon tool by a known agent, not by a new one, and only once', async () => {
    // Ten more users and agents that never touch the export tool.
    await ingest(Array.from({ length: 10 }, (_, i) => call(T - 3 * DAY + i * 1000, { user_id: `peer${i}@acme.dev`, agent_id: `peer-agent-${i}` })));
    await ingest([
      call(T + 15 * HOUR, { tool_name: 'export_all_customers', agent_id: 'agent-1' }),
      call(T + 15 * HOUR + 1000, { tool_name: 'export_all_customers', agent_id: 'agent-1' }),
    ]);
    await ingest([call(T + 15 * HOUR + 2000, { tool_name: 'export_all_customers', agent_id: 'brand-new-agent', user_id: 'new@acme.dev' })]);
    const rows = await alertsOf('first_use');
    expect(rows.map((row) => row.title).sort()).toEqual(['First use of export_all_customers by agent agent-1', 'First use of export_all_customers by user ops@acme.dev']);
    expect(rows.find((row) => row.title.includes('agent-1'))).toMatchObject({ severity: 'medium', evidence_count: 1 });
  });

  it('flags a second input schema under a version (learned reference), not the common one', async () => {
    await ingest(Array.from({ length: 25 }, (_, i) => call(T + 16 * HOUR + i * 1000, { input_schema_hash: 'sha256:v1', session_id: 'schema' })));
    expect(await alertsOf('schema_mismatch')).toEqual([]);
    await ingest([call(T + 17 * HOUR, { input_schema_hash: 'sha256:v1-plus-bulk', session_id: 'schema-2' })]);
    const [drift] = await alertsOf('schema_mismatch');
    expect(drift!.title).toBe('Input schema of inventory_lookup 1.0.0 changed without a version bump');
    expect(drift!.explanation).toContain('25 of 26 calls');
  });

  it('draws the charts from the rollups: totals, top users across day and hour rollups, p95 and markers', async () => {
    const { getAnomalyCharts } = await import('../../lib/detect');
    const [direct] = await sql<{ calls: string; errors: string }>(
      `SELECT count(*) AS calls, count(*) FILTER (WHERE is_error) AS errors FROM executions WHERE environment = 'staging' AND user_id = 'ops@acme.dev'`);
    // From mid-morning three days before T to a few hours after it: partial days at both ends.
    const charts = await getAnomalyCharts('staging', { from: new Date(T - 3 * DAY - 5 * HOUR), to: new Date(T + 20 * HOUR) });
    expect(charts.source).toBe('rollup_hours');
    expect(charts.topUsers[0]).toEqual({ user: 'ops@acme.dev', calls: Number(direct!.calls), errors: Number(direct!.errors) });
    const [all] = await sql<{ n: string }>(`SELECT count(*) AS n FROM executions WHERE environment = 'staging' AND timestamp >= $1 AND timestamp < $2`,
      [new Date(T - 3 * DAY - 5 * HOUR), new Date(T + 20 * HOUR)]);
    expect(charts.totals.calls).toBe(Number(all!.n));
    expect(charts.buckets.reduce((sum, b) => sum + b.calls, 0)).toBe(Number(all!.n));
    const spike = charts.buckets.find((b) => b.t === T)!;
    expect(spike.p95Ms).toBeGreaterThan(1000);
    expect(charts.markers.map((m) => m.detector)).toEqual(expect.arrayContaining(['rate_spike', 'error_spike', 'latency_spike', 'failure_burst']));
    expect(charts.topTools[0]).toMatchObject({ tool: 'inventory_lookup' });
    const short = await getAnomalyCharts('staging', { from: new Date(T - HOUR), to: new Date(T + HOUR) });
    expect(short.source).toBe('rollup_minutes');
    const burst = short.buckets.filter((b) => b.t >= T && b.t < T + 300_000);
    expect(burst).toHaveLength(5);
    expect([burst.reduce((sum, b) => sum + b.calls, 0), burst.reduce((sum, b) => sum + b.errors, 0)]).toEqual([44, 24]);
  });

  it('keeps chart rollups consistent with what was ingested', async () => {
    const [executions] = await sql<{ n: string }>(`SELECT count(*) AS n FROM executions WHERE environment = 'staging'`);
    const [minutes] = await sql<{ n: string }>(`SELECT sum(calls) AS n FROM rollup_minutes WHERE environment = 'staging' AND tool <> '*'`);
    const [hours] = await sql<{ n: string }>(`SELECT sum(calls) AS n FROM rollup_hours WHERE environment = 'staging' AND tool = '*'`);
    const [histogram] = await sql<{ n: string }>(`SELECT sum(v) AS n FROM rollup_hours, unnest(latency_buckets) AS v WHERE environment = 'staging' AND tool <> '*'`);
    const [days] = await sql<{ n: string }>(`SELECT sum(calls) AS n FROM rollup_user_days WHERE environment = 'staging'`);
    expect(Number(days!.n)).toBe(Number(executions!.n));
    expect(Number(minutes!.n)).toBe(Number(executions!.n));
    expect(Number(hours!.n)).toBe(Number(executions!.n));
    expect(Number(histogram!.n)).toBe(Number(executions!.n));
  });
});
