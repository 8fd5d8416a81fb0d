import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../../lib/ingest';
import { generateTokenSecret } from '../../lib/tokens';
import { db } from '../../lib/db';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

let server: Awaited<ReturnType<typeof serveHandler>>;
let token: string;
const count = async (table: string) => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

beforeAll(async () => {
  await freshDatabase();
  token = await ingestToken('staging');
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(() => server.close());

describe('POST /api/v1/ingest', () => {
  it('stores 997 executions and quarantines 3 broken lines of a 1000-line batch, naming lines and reasons', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify(sampleEvent(i)));
    lines[9] = '{"id": "broken-json", "timestamp": ';
    lines[499] = JSON.stringify({ id: 'no-time', method: 'tools/call' });
    lines[899] = JSON.stringify(sampleEvent(899, { environment: 'production' }));
    const response = await post(server.url, token, lines.join('\n'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ accepted: 997, duplicates: 0, quarantined: 3, first_seq: 0, last_seq: 999 });
    expect(response.body.errors).toEqual([
      { line: 10, reason: expect.stringMatching(/^invalid JSON/) },
      { line: 500, reason: 'missing timestamp (timestamp, date or timeUnixNano)' },
      { line: 900, reason: "environment production differs from the token's (staging)" },
    ]);
    expect(await count('executions')).toBe(997);
    const quarantined = await sql<{ line: number; raw: Buffer }>('SELECT line, raw FROM quarantined_lines ORDER BY seq');
    expect(quarantined.map((row) => row.line)).toEqual([10, 500, 900]);
    expect(quarantined[0]!.raw.toString()).toBe(lines[9]);
  });

  it('counts a resent batch as duplicates and stores nothing twice, with or without sender ids', async () => {
    const withIds = ndjson([sampleEvent(5000), sampleEvent(5001)]);
    const withoutIds = ndjson([sampleEvent(5002, { id: undefined }), sampleEvent(5003, { id: undefined })]);
    expect((await post(server.url, token, withIds + withoutIds)).body).toMatchObject({ accepted: 4, duplicates: 0 });
    const before = await count('executions');
    expect((await post(server.url, token, withIds + withoutIds)).body).toMatchObject({ accepted: 0, duplicates: 4, first_seq: null });
    expect(await count('executions')).toBe(before);
    const derived = await sql<{ id: string }>(`SELECT id FROM executions WHERE duration_ms IN (5014.5, 5015.5) ORDER BY duration_ms`);
    expect(derived.map((row) => row.id)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('stores each id once when concurrent senders race with the same events', async () => {
    const body = ndjson(Array.from({ length: 200 }, (_, i) => sampleEvent(7000 + i)));
    const results = await Promise.all(Array.from({ length: 5 }, () => post(server.url, token, body)));
    expect(results.every((result) => result.status === 200)).toBe(true);
    expect(results.reduce((sum, result) => sum + result.body.accepted, 0)).toBe(200);
    expect(results.reduce((sum, result) => sum + result.body.duplicates, 0)).toBe(800);
    expect(Number((await sql<{ n: string }>("SELECT count(*) AS n FROM executions WHERE id LIKE 'evt-7___'"))[0]!.n)).toBe(200);
  });

  it('stores an id once when two requests both looked it up before either held the log head lock', async () => {
    // Keys are looked up before locking: hold the lock until both requests have looked and wait on it.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("BEGIN; SELECT 1 FROM log_heads WHERE environment = 'staging' FOR UPDATE");
      const body = ndjson([sampleEvent(7500), sampleEvent(7501)]);
      const racing = [post(server.url, token, body), post(server.url, token, ndjson([sampleEvent(7501), sampleEvent(7502)]))];
      for (let waiting = 0; waiting < 2; await new Promise((resolve) => setTimeout(resolve, 50))) {
        // Polled from another connection: pg_stat_activity is a snapshot for the length of a transaction.
        waiting = Number((await sql<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%log_heads%FOR UPDATE%'"))[0]!.n);
      }
      await blocker.query('COMMIT');
      const results = await Promise.all(racing);
      expect(results.map((result) => result.status)).toEqual([200, 200]);
      expect(results.reduce((sum, result) => sum + result.body.accepted, 0)).toBe(3);
      expect(results.reduce((sum, result) => sum + result.body.duplicates, 0)).toBe(1);
    } finally {
      await blocker.end();
    }
    expect(Number((await sql<{ n: string }>("SELECT count(*) AS n FROM executions WHERE id IN ('evt-7500', 'evt-7501', 'evt-7502')"))[0]!.n)).toBe(3);
  });

  it('accepts a JSON array (Vector default framing), a single object, gzip and JSON-lines media types', async () => {
    const array = JSON.stringify([sampleEvent(8000), sampleEvent(8001)]);
    expect((await post(server.url, token, array, { 'content-type': 'application/json' })).body).toMatchObject({ accepted: 2 });
    expect((await post(server.url, token, JSON.stringify(sampleEvent(8002)), { 'content-type': 'application/json; charset=utf-8' })).body).toMatchObject({ accepted: 1 });
    const gz = gzipSync(ndjson([sampleEvent(8003)]));
    expect((await post(server.url, token, gz, { 'content-encoding': 'gzip', 'content-type': 'application/jsonl' })).body).toMatchObject({ accepted: 1 });
    expect((await post(server.url, token, ndjson([sampleEvent(8004)]), { 'content-type': 'application/json-lines' })).body).toMatchObject({ accepted: 1 });
  });

  it('quarantines every kind of bad line with its reason and keeps its exact bytes', async () => {
    const deep = JSON.stringify({ ...sampleEvent(9000), arguments: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) });
    const cases: Array<[Buffer, string | RegExp]> = [
      [Buffer.from('not json at all'), /^invalid JSON/],
      [Buffer.from(JSON.stringify({ ...sampleEvent(9001), timestamp: 'yesterday' })), /timestamp is not an RFC 3339 time/],
      [Buffer.from(JSON.stringify(sampleEvent(9002, { environment: 'dev' }))), 'environment must be staging or production, got "dev"'],
      [Buffer.concat([Buffer.from('{"id":"bad-utf8","timestamp":1764061200,"method":"x","prompt":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 'line is not valid UTF-8'],
      [Buffer.from('{"id":"nul","timestamp":1764061200,"method":"x","prompt":"a\u0000b"}'), 'line contains a NUL byte'],
      [Buffer.from(JSON.stringify(sampleEvent(9003, { prompt: 'a\u0000b' }))), 'line contains an escaped NUL (\\u0000)'],
      [Buffer.from(deep), 'JSON nested deeper than 32 levels'],
      [Buffer.from(JSON.stringify({ ...sampleEvent(9004), x: 'y'.repeat(1024 * 1024) })), /line exceeds \d+ bytes/],
      [Buffer.from('[1,2,3]'), 'record is not a JSON object'],
      [Buffer.from(JSON.stringify(sampleEvent(9005, { method: undefined, tool_name: undefined }))), 'record needs method or tool_name'],
      [Buffer.from(JSON.stringify(sampleEvent(9006, { arguments: 'rm -rf /' }))), 'arguments must be a JSON object'],
      [Buffer.from(JSON.stringify(sampleEvent(9007, { input_tokens: -3 }))), 'input_tokens must be a non-negative integer'],
      [Buffer.from(JSON.stringify(sampleEvent(9008, { side_effects: [{ kind: 'dns' }] }))), 'side_effects must be an array of {kind, target} objects'],
      [Buffer.from(JSON.stringify(sampleEvent(9009, { id: 'x'.repeat(129) }))), 'id must be a string of 1–128 characters'],
    ];
    const body = Buffer.concat(cases.flatMap(([line]) => [line, Buffer.from('\n')]));
    const response = await post(server.url, token, body);
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(0);
    expect(response.body.quarantined).toBe(cases.length);
    cases.forEach(([, reason], index) => expect(response.body.errors[index]).toEqual({ line: index + 1, reason: expect.stringMatching(reason instanceof RegExp ? reason : new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)) }));
    const stored = await sql<{ raw: Buffer }>(`SELECT raw FROM quarantined_lines WHERE seq >= $1 ORDER BY seq`, [response.body.first_seq]);
    expect(stored.map((row) => row.raw.toString('hex'))).toEqual(cases.map(([line]) => line.toString('hex')));
  });

  it('takes text that merely reads \\u0000 (a backslash, then u0000: code about escapes), quarantining only a real escaped NUL', async () => {
    const text = 'JSON writes NUL as \\u0000, and \\\\u0000 is a backslash and u0000';
    const response = await post(server.url, token, ndjson([sampleEvent(9100, { prompt: text, output: { note: text } }), sampleEvent(9101, { prompt: 'x\\\u0000' })]));
    expect(response.body).toMatchObject({ accepted: 1, quarantined: 1, errors: [{ line: 2, reason: 'line contains an escaped NUL (\\u0000)' }] });
    const [row] = await sql<{ prompt: string }>('SELECT prompt FROM executions WHERE seq = $1', [response.body.first_seq]);
    expect(row!.prompt).toBe(text);
  });

  it('moves unknown fields into attributes and keeps Fluent Bit date keys as the timestamp', async () => {
    const line = { id: 'fb-1', date: 1764061200.123, method: 'tools/call', tool_name: 'read_file', cluster: 'k8s-eu', attributes: { a: 1 } };
    expect((await post(server.url, token, ndjson([line]))).body).toMatchObject({ accepted: 1 });
    const [row] = await sql<{ timestamp: Date; attributes: unknown }>("SELECT timestamp, attributes FROM executions WHERE id = 'fb-1'");
    expect(row!.timestamp.toISOString()).toBe('2025-11-25T09:00:00.123Z');
    expect(row!.attributes).toEqual({ a: 1, cluster: 'k8s-eu' });
  });
});

describe('request-level faults store nothing', () => {
  const body = ndjson([sampleEvent(1)]);
  async function expectNothingStored(run: () => Promise<{ status: number; body: { error?: string } }>, status: number, message: RegExp) {
    const before = await count('executions') + await count('quarantined_lines');
    const response = await run();
    expect(response.status).toBe(status);
    expect(response.body.error).toMatch(message);
    expect(await count('executions') + await count('quarantined_lines')).toBe(before);
  }

  it('401 for a missing, malformed, unknown, revoked or expired token; 403 for the wrong scope', async () => {
    await expectNothingStored(() => post(server.url, null, body), 401, /missing bearer token/);
    await expectNothingStored(() => post(server.url, 'wdn_staging_nope', body), 401, /malformed token/);
    const forged = token.slice(0, -8) + (token.slice(-8, -6) === 'AA' ? 'BB' : 'AA') + token.slice(-6);
    await expectNothingStored(() => post(server.url, forged, body), 401, /malformed token/);
    await expectNothingStored(() => post(server.url, generateTokenSecret('staging'), body), 401, /^unknown token$/);
    const revoked = await ingestToken('staging');
    await db().apiToken.updateMany({ where: { prefix: revoked.slice(0, 18) }, data: { revokedAt: new Date() } });
    await expectNothingStored(() => post(server.url, revoked, body), 401, /was revoked/);
    const expired = await ingestToken('staging');
    await db().apiToken.updateMany({ where: { prefix: expired.slice(0, 18) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectNothingStored(() => post(server.url, expired, body), 401, /expired/);
    const readOnly = await ingestToken('staging', ['executions:read']);
    await expectNothingStored(() => post(server.url, readOnly, body), 403, /lacks the ingest:write scope/);
  });

  it('415 for other media types or encodings, 400 for broken gzip or a broken array, 413 over the limits', async () => {
    await expectNothingStored(() => post(server.url, token, body, { 'content-type': 'text/plain' }), 415, /unsupported Content-Type "text\/plain"/);
    await expectNothingStored(() => post(server.url, token, body, { 'content-encoding': 'br' }), 415, /unsupported Content-Encoding "br"/);
    await expectNothingStored(() => post(server.url, token, Buffer.from('not gzip'), { 'content-encoding': 'gzip' }), 400, /broken gzip/);
    await expectNothingStored(() => post(server.url, token, '[{"a":1},', { 'content-type': 'application/json' }), 400, /not closed/);
    await expectNothingStored(() => post(server.url, token, Buffer.alloc(17 * 1024 * 1024, 0x20)), 413, /request body exceeds/);
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectNothingStored(() => post(server.url, token, bomb, { 'content-encoding': 'gzip' }), 413, /decompressed body exceeds/);
  });
});

describe('hostile keys', () => {
  it('keeps a "__proto__" key as data, at the top level and inside attributes', async () => {
    const line = `{"id":"proto-1","timestamp":"2026-11-25T10:00:00Z","method":"tools/call","__proto__":{"timestamp":"x"},"attributes":{"__proto__":{"polluted":true},"ok":1}}`;
    expect((await post(server.url, token, line + '\n')).body).toMatchObject({ accepted: 1, quarantined: 0 });
    const [row] = await sql<{ attributes: Record<string, unknown> }>("SELECT attributes FROM executions WHERE id = 'proto-1'");
    expect(Object.keys(row!.attributes).sort()).toEqual(['__proto__', '__proto____top_level', 'ok'].sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('token bookkeeping', () => {
  it('records last use (time and address) at most once a minute, not on every request', async () => {
    const fresh = await ingestToken('staging');
    const prefix = fresh.slice(0, 18);
    const lastUse = async () => (await db().apiToken.findFirstOrThrow({ where: { prefix } }));
    expect((await lastUse()).lastUsedAt).toBeNull();
    await post(server.url, fresh, ndjson([sampleEvent(60_001)]));
    const first = await lastUse();
    expect(first.lastUsedAt).not.toBeNull();
    expect(first.lastUsedIp).toBe('127.0.0.1');
    await post(server.url, fresh, ndjson([sampleEvent(60_002)]));
    expect((await lastUse()).lastUsedAt!.getTime()).toBe(first.lastUsedAt!.getTime());
  });
});
