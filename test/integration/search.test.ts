import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../../lib/ingest';
import {
  getExecution, getSessionTimeline, indexPendingExecutions, parseExecutionQuery, searchExecutions, searchIndexStatus, tailExecutions,
  type ExecutionQuery,
} from '../../lib/search';
import { planMatches, PROBE_CAP } from '../../lib/search/findMatches';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

let server: Awaited<ReturnType<typeof serveHandler>>;
let staging: string;

// A few records each test looks for, among PROBE_CAP + 400 ordinary ones (enough for both plans).
const COMMON = PROBE_CAP + 400;
const special = [
  sampleEvent(90_001, { id: 'jp-1', server_name: 'slack-mcp', tool_name: 'post_message', prompt: '本番環境のレイテンシが少し上がっています。ログを確認してもらえますか？' }),
  sampleEvent(90_002, { id: 'de-1', output: 'Fehlerhafte Rundung bei Rechnungsbeträgen in EUR', is_error: true, error: 'Straße nicht gefunden', duration_ms: 99_999 }),
  sampleEvent(90_003, { id: 'key-1', output: { text: 'config loaded: api_key=sk_live_4fK9xQ2mZ7pL region=eu' }, model: 'gpt-5-mini', agent_id: 'deploy-bot' }),
  sampleEvent(90_004, { id: 'ls-1', arguments: { cmd: 'ls -la /tmp' }, prompt_name: 'triage', prompt_version: '7', input_schema_hash: 'sha256:abc123' }),
  sampleEvent(90_005, { id: 'now-1', timestamp: new Date().toISOString(), arguments: {} }),
];
const WITH_LABEL = COMMON + 3; // the special records without their own arguments keep sampleEvent's `label:bug n`

const query = (params: Record<string, string>): ExecutionQuery => {
  const parsed = parseExecutionQuery(params);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
};
const ids = async (params: Record<string, string>) => (await searchExecutions('staging', query(params))).items.map((item) => item.id);

/** Every page of a query, following next cursors. */
async function allPages(params: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await searchExecutions('staging', query({ ...params, ...(cursor ? { cursor } : {}) }));
    seen.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

beforeAll(async () => {
  await freshDatabase();
  staging = await ingestToken('staging');
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  for (let from = 0; from < COMMON; from += 1000) {
    const events = Array.from({ length: Math.min(1000, COMMON - from) }, (_, i) => sampleEvent(from + i));
    expect((await post(server.url, staging, ndjson(events))).status).toBe(200);
  }
  expect((await post(server.url, staging, ndjson(special))).body.accepted).toBe(special.length);
  const production = await ingestToken('production');
  expect((await post(server.url, production, ndjson([sampleEvent(1, { id: 'prod-1', prompt: 'prod sk_live_4fPROD' })]))).status).toBe(200);
});
afterAll(() => server.close());

describe('search before and after the indexer runs', () => {
  it('finds a record straight after ingest, with nothing indexed yet, then the same from the index', async () => {
    expect((await searchIndexStatus()).find((status) => status.environment === 'staging')).toMatchObject({ indexedSeq: 0, lag: COMMON + special.length });
    expect(await ids({ q: 'sk_live_4f' })).toEqual(['key-1']);
    // Half indexed: the tail of the log is still read from executions.
    await indexPendingExecutions({ batchSize: 1000, maxBatches: 1 });
    expect((await searchIndexStatus()).find((status) => status.environment === 'staging')).toMatchObject({ indexedSeq: 1000 });
    expect(await ids({ q: 'sk_live_4f' })).toEqual(['key-1']);
    const halfway = await allPages({ q: 'label:bug', limit: '500' });
    expect(await indexPendingExecutions()).toMatchObject({ indexed: COMMON + special.length - 1000 });
    expect(await searchIndexStatus()).toEqual(expect.arrayContaining([expect.objectContaining({ environment: 'staging', lag: 0 })]));
    expect(await ids({ q: 'sk_live_4f' })).toEqual(['key-1']);
    expect(await allPages({ q: 'label:bug', limit: '500' })).toEqual(halfway);
    expect(halfway).toHaveLength(WITH_LABEL);
  });
});

describe('free text', () => {
  it('finds Japanese, German (any case, umlauts) and an identifier fragment inside a longer token', async () => {
    expect(await ids({ q: 'レイテンシが少し' })).toEqual(['jp-1']);
    expect(await ids({ q: 'rechnungsbeträgen' })).toEqual(['de-1']);
    expect(await ids({ q: 'RUNDUNG BEI' })).toEqual(['de-1']);
    expect(await ids({ q: 'straße' })).toEqual(['de-1']);
    expect(await ids({ q: 'sk_live_4f' })).toEqual(['key-1']);
    expect(await ids({ q: '4fK9xQ' })).toEqual(['key-1']);
    expect(await ids({ q: 'sk_live_4fX' })).toEqual([]);
  });

  it('treats LIKE and regex characters literally, ANDs terms and keeps "quoted phrases" together', async () => {
    expect(await ids({ q: 'sk%live' })).toEqual([]);
    expect(await ids({ q: 'api_key=sk' })).toEqual(['key-1']);
    expect(await ids({ q: 'config region=eu' })).toEqual(['key-1']);
    expect(await ids({ q: '"region=eu config"' })).toEqual([]);
    expect(await ids({ q: '"loaded: api_key"' })).toEqual(['key-1']);
  });

  it('matches terms under three letters at word starts and terms without letters anywhere', async () => {
    expect(await ids({ q: 'ls' })).toEqual(['ls-1']);
    expect(await ids({ q: 'la /tmp' })).toEqual(['ls-1']);
    expect(await ids({ q: '="' })).toEqual([]);
    expect(await ids({ q: '"=sk"' })).toEqual(['key-1']);
  });

  it('searches prompt, arguments, output and error; never another environment', async () => {
    expect(await ids({ q: 'ログを確認' })).toEqual(['jp-1']);
    expect(await ids({ q: '-la /tm' })).toEqual(['ls-1']);
    expect(await ids({ q: 'nicht gefunden' })).toEqual(['de-1']);
    expect((await searchExecutions('production', query({ q: 'sk_live_4f' }))).items.map((item) => item.id)).toEqual(['prod-1']);
  });
});

describe('filters', () => {
  it('filter on every equality field, status, duration and time, alone and with text', async () => {
    expect(await ids({ server: 'slack-mcp' })).toEqual(['jp-1']);
    expect(await ids({ server: 'slack-mcp', tool: 'post_message', q: 'レイテンシ' })).toEqual(['jp-1']);
    expect(await ids({ server: 'slack-mcp', q: 'rundung' })).toEqual([]);
    expect(await ids({ status: 'error' })).toEqual(['de-1']);
    expect(await ids({ model: 'gpt-5-mini', agent: 'deploy-bot' })).toEqual(['key-1']);
    expect(await ids({ prompt_name: 'triage', prompt_version: '7', input_schema_hash: 'sha256:abc123' })).toEqual(['ls-1']);
    expect(await ids({ min_duration_ms: '99000' })).toEqual(['de-1']);
    expect(await ids({ user: 'user3@acme.dev', tool_version: '2.1.0', session: 's-1', method: 'tools/call' })).toEqual(['evt-17', 'evt-10']);
    expect(await ids({ from: '2026-11-25T09:00:05Z', to: '2026-11-25T09:00:07.123Z', sort: 'time', order: 'asc' })).toEqual(['evt-5', 'evt-6', 'evt-7']);
    expect(await ids({ q: 'label:bug 12', max_duration_ms: '25', status: 'ok' })).toEqual(['evt-12']);
    // A range has no upper end: records from senders whose clocks run ahead stay visible.
    expect(await ids({ range: '15m' })).toContain('now-1');
    expect(await ids({ range: '15m', q: 'label:bug 5' })).not.toContain('evt-5');
  });

  it('rejects bad parameters with a message per field', () => {
    const parsed = parseExecutionQuery({ limit: '0', status: 'maybe', from: 'yesterday', range: '2d', cursor: 'nope', min_duration_ms: '-1' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fields).sort()).toEqual(['cursor', 'from', 'limit', 'min_duration_ms', 'range', 'status']);
    expect(parseExecutionQuery({ range: '7d', from: '2026-01-01T00:00:00Z' })).toMatchObject({ ok: false, fields: { range: ['give either range or from/to, not both'] } });
    expect(parseExecutionQuery({ q: 'a\u0000b' }).ok).toBe(false);
    expect(parseExecutionQuery({ q: Array.from({ length: 17 }, (_, i) => `term${i}`).join(' ') })).toMatchObject({ ok: false, fields: { q: ['must have at most 16 terms'] } });
    const empty = parseExecutionQuery({ server: '', q: '', env: 'staging' });
    expect(empty.ok && [empty.query.server, empty.query.q, empty.query.environment]).toEqual([undefined, undefined, 'staging']);
  });
});

describe('keyset pages, plans and totals', () => {
  it('pages through many matches (walk plan) and few matches (bitmap plan) in every sort, without gaps or repeats', async () => {
    const spec = (q: string) => ({ environment: 'staging' as const, filters: { q }, now: new Date() });
    expect((await planMatches(spec('label:bug'), { sort: 'time', order: 'desc', pageSize: 500 })).mode).toBe('walk');
    expect((await planMatches(spec('"label:bug 12"'), { sort: 'time', order: 'desc', pageSize: 500 })).mode).toBe('bitmap');
    expect((await planMatches(spec('"label:bug 12"'), { sort: 'time', order: 'desc', pageSize: 50 })).mode).toBe('walk');
    for (const [sort, order, orderSql] of [
      ['time', 'desc', 'timestamp DESC, seq DESC'], ['time', 'asc', 'timestamp, seq'], ['duration', 'desc', 'duration_ms DESC, seq DESC'], ['seq', 'asc', 'seq'],
    ] as const) {
      for (const [q, like] of [['label:bug', '%label:bug%'], ['"label:bug 12"', '%label:bug 12%']] as const) {
        const expected = (await sql<{ id: string }>(`SELECT id FROM executions WHERE environment = 'staging' AND warden_search_text(prompt, arguments, output, error) LIKE $1
          ${sort === 'duration' ? 'AND duration_ms IS NOT NULL' : ''} ORDER BY ${orderSql}`, [like])).map((row) => row.id);
        expect(await allPages({ q, sort, order, limit: '500' }), `${q} by ${sort} ${order}`).toEqual(expected);
      }
    }
  });

  it('keeps pages stable when new records arrive between requests', async () => {
    const first = await searchExecutions('staging', query({ q: 'label:bug', limit: '3', sort: 'time', order: 'asc' }));
    await post(server.url, staging, ndjson([sampleEvent(-5, { id: 'early-arrival' })]));
    const second = await searchExecutions('staging', query({ q: 'label:bug', limit: '3', sort: 'time', order: 'asc', cursor: first.nextCursor! }));
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(['evt-0', 'evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5']);
  });

  it('counts small totals exactly and estimates large ones', async () => {
    expect(await searchExecutions('staging', query({ q: '"label:bug 12"' }))).toMatchObject({ estimatedTotal: 111, totalExact: true });
    const large = await searchExecutions('staging', query({ q: 'label:bug' }));
    expect(large.totalExact).toBe(false);
    expect(large.estimatedTotal).toBeGreaterThan(WITH_LABEL * 0.6);
    expect(large.estimatedTotal).toBeLessThan(WITH_LABEL * 1.6);
  });
});

describe('timeline, tail and detail', () => {
  it('lists a session in time order', async () => {
    const timeline = await getSessionTimeline('staging', 's-3', { limit: 4 });
    expect(timeline.items.map((item) => item.id)).toEqual(['evt-30', 'evt-31', 'evt-32', 'evt-33']);
    const rest = await getSessionTimeline('staging', 's-3', { cursor: timeline.nextCursor!, limit: 100 });
    expect(rest).toMatchObject({ nextCursor: null });
    expect(rest.items.map((item) => item.id)).toEqual(['evt-34', 'evt-35', 'evt-36', 'evt-37', 'evt-38', 'evt-39']);
  });

  it('tails new arrivals newest first from a since cursor, unindexed ones included', async () => {
    const start = await tailExecutions('staging', {}, null, 2);
    expect(start.items).toHaveLength(2);
    await post(server.url, staging, ndjson([sampleEvent(70_001, { id: 'tail-1' }), sampleEvent(70_002, { id: 'tail-2', prompt: 'deploy now' })]));
    const next = await tailExecutions('staging', {}, start.since);
    expect(next.items.map((item) => item.id)).toEqual(['tail-2', 'tail-1']);
    expect(next.since).toBe(start.since + 2);
    expect((await tailExecutions('staging', { q: 'deploy' }, start.since)).items.map((item) => item.id)).toEqual(['tail-2']);
    expect(await tailExecutions('staging', {}, next.since)).toEqual({ items: [], since: next.since, truncated: false });
    expect((await tailExecutions('staging', {}, start.since, 1)).truncated).toBe(true);
  });

  it('returns every field of one execution by seq, with its ledger hashes', async () => {
    const [row] = await sql<{ seq: string; leaf_hash: Buffer }>("SELECT seq, leaf_hash FROM executions WHERE id = 'key-1'");
    const detail = await getExecution('staging', Number(row!.seq));
    expect(detail).toMatchObject({
      id: 'key-1', environment: 'staging', seq: Number(row!.seq), model: 'gpt-5-mini', agentId: 'deploy-bot', serverName: 'github-mcp',
      output: { text: 'config loaded: api_key=sk_live_4fK9xQ2mZ7pL region=eu' }, arguments: expect.any(Object), leafHash: row!.leaf_hash.toString('base64'),
    });
    expect(detail!.rawSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await getExecution('production', Number(row!.seq))).toBeNull();
  });
});
