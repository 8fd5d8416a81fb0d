import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { handleIngest } from '../../lib/ingest';
import { saveAgentPolicy } from '../../lib/policies';
import {
  authenticateToken, createToken, ingestSnippets, listTokens, resetTokenFailures, revokeToken, rotateToken, TOKEN_FAILURE_LIMITS, TokenInputError,
} from '../../lib/tokens';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

const ADMIN = { id: null, label: 'admin@example.com' };
let server: Awaited<ReturnType<typeof serveHandler>>;
const bearer = (token: string) => `Bearer ${token}`;

beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(() => server.close());
beforeEach(() => resetTokenFailures());

describe('token administration', () => {
  it('defaults to 90 days, records who made it, and lists it without the secret', async () => {
    const created = await createToken({ name: 'vector prod', environment: 'production', scopes: ['ingest:write'], createdBy: 'admin@example.com' }, ADMIN);
    const days = (created.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThanOrEqual(90);
    const listed = (await listTokens()).find((token) => token.id === created.id)!;
    expect(listed).toMatchObject({ prefix: created.prefix, scopes: ['ingest:write'], environment: 'production', createdBy: 'admin@example.com', status: 'active', lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });

  it('records last use (time and address), at most once a minute', async () => {
    const { id, token } = await createToken({ name: 'lu', environment: 'staging', scopes: ['ingest:write'] });
    expect((await post(server.url, token, ndjson([sampleEvent(1)]))).status).toBe(200);
    const first = (await db().apiToken.findUnique({ where: { id } }))!;
    expect(first.lastUsedIp).toBe('127.0.0.1');
    expect(Date.now() - first.lastUsedAt!.getTime()).toBeLessThan(10_000);
    expect((await post(server.url, token, ndjson([sampleEvent(2)]))).status).toBe(200);
    expect((await db().apiToken.findUnique({ where: { id } }))!.lastUsedAt).toEqual(first.lastUsedAt);
  });

  it('answers a revoked token 401 with reason revoked, records the revocation once', async () => {
    const { id, token, prefix } = await createToken({ name: 'to revoke', environment: 'staging', scopes: ['ingest:write'] });
    expect((await post(server.url, token, ndjson([sampleEvent(3)]))).status).toBe(200);
    const [a, b] = await Promise.all([revokeToken(id, ADMIN), revokeToken(id, ADMIN)]);
    expect([a.revoked, b.revoked].sort()).toEqual([false, true]);
    const response = await post(server.url, token, ndjson([sampleEvent(4)]));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: `token ${prefix} was revoked`, reason: 'revoked' });
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="revoked"');
    expect(await sql(`SELECT 1 FROM console_actions WHERE action = 'token.revoked' AND target = $1`, [`token:${prefix}`])).toHaveLength(1);
  });

  it('answers expired, unknown, malformed and missing tokens 401 with their reasons', async () => {
    const { token, prefix } = await createToken({ name: 'old', environment: 'staging', scopes: ['ingest:write'] });
    await db().apiToken.updateMany({ where: { prefix }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await post(server.url, token, '{}')).body).toMatchObject({ reason: 'expired' });
    expect((await post(server.url, 'wdn_staging_nope', '{}')).body).toMatchObject({ reason: 'malformed' });
    expect((await post(server.url, null, '{}')).body).toMatchObject({ reason: 'missing' });
  });

  it('rotates: the new token works, the old one during the grace period only, then fails as rotated', async () => {
    const old = await createToken({ name: 'rot', environment: 'staging', scopes: ['ingest:write', 'executions:read'], allowedCidrs: ['127.0.0.0/8'] });
    const rotated = await rotateToken(old.id, { graceHours: 1 }, ADMIN);
    expect(rotated.token).not.toBe(old.token);
    expect(rotated.graceUntil.getTime() - Date.now()).toBeGreaterThan(3_590_000);
    const successor = (await db().apiToken.findUnique({ where: { id: rotated.id } }))!;
    expect(successor).toMatchObject({ name: 'rot', environment: 'staging', scopes: ['ingest:write', 'executions:read'], allowedCidrs: ['127.0.0.0/8'], rotatedFromId: old.id });
    expect((await post(server.url, rotated.token, ndjson([sampleEvent(5)]))).status).toBe(200);
    expect((await post(server.url, old.token, ndjson([sampleEvent(6)]))).status).toBe(200);
    expect((await listTokens()).find((token) => token.id === old.id)!.status).toBe('grace');
    await expect(rotateToken(old.id, {}, ADMIN)).rejects.toThrow(/already rotated/);
    await db().apiToken.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await post(server.url, old.token, ndjson([sampleEvent(7)]))).body).toMatchObject({ reason: 'rotated' });
    expect((await listTokens()).find((token) => token.id === old.id)!.status).toBe('rotated');
    const logged = await sql<{ details: Record<string, unknown> }>(`SELECT details FROM console_actions WHERE action = 'token.rotated'`);
    expect(logged[0]!.details).toMatchObject({ new_prefix: rotated.prefix });
    expect(JSON.stringify(logged)).not.toContain(rotated.token);
  });

  it('rotating with no grace ends the old token at once; concurrent rotations issue one successor', async () => {
    const old = await createToken({ name: 'rot0', environment: 'staging', scopes: ['ingest:write'] });
    const results = await Promise.allSettled([rotateToken(old.id, { graceHours: 0 }, ADMIN), rotateToken(old.id, { graceHours: 0 }, ADMIN)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await db().apiToken.count({ where: { rotatedFromId: old.id } })).toBe(1);
    expect((await post(server.url, old.token, '{}')).body).toMatchObject({ reason: 'rotated' });
  });

  it('accepts a token only from its allowed source networks', async () => {
    const { token } = await createToken({ name: 'cidr', environment: 'staging', scopes: ['ingest:write'], allowedCidrs: ['10.1.0.0/16', '2001:db8::/32', '192.0.2.7'] });
    const check = (ip: string) => authenticateToken(bearer(token), 'ingest:write', ip);
    expect((await check('10.1.200.3')).ok).toBe(true);
    expect((await check('::ffff:10.1.0.9')).ok).toBe(true);
    expect((await check('2001:db8:1::5')).ok).toBe(true);
    expect((await check('192.0.2.7')).ok).toBe(true);
    expect(await check('10.2.0.1')).toMatchObject({ ok: false, status: 403, code: 'source_not_allowed' });
    expect(await check('192.0.2.8')).toMatchObject({ ok: false, status: 403, code: 'source_not_allowed' });
    expect(await check('unknown')).toMatchObject({ ok: false, code: 'source_not_allowed' });
    expect((await post(server.url, token, ndjson([sampleEvent(8)]))).body).toMatchObject({ reason: 'source_not_allowed' });
    await expect(createToken({ name: 'bad', environment: 'staging', scopes: ['ingest:write'], allowedCidrs: ['10.0.0.0/33'] })).rejects.toThrow(TokenInputError);
    await expect(createToken({ name: 'bad', environment: 'staging', scopes: ['ingest:write'], allowedCidrs: ['evil.example'] })).rejects.toThrow(TokenInputError);
  });

  it("caps an agent token's scopes at the agent policy's maximum", async () => {
    await saveAgentPolicy({ agentId: 'shipper-bot', maxScopes: 'ingest:write' }, ADMIN);
    await expect(createToken({ name: 'a', environment: 'staging', scopes: ['ingest:write', 'executions:read'], agentId: 'shipper-bot' }))
      .rejects.toThrow(/allows at most ingest:write; remove executions:read/);
    expect((await createToken({ name: 'a', environment: 'staging', scopes: ['ingest:write'], agentId: 'shipper-bot' })).prefix).toMatch(/^wdn_staging_/);
  });

  it('rate limits failed token attempts per source, then records it once in the console log', async () => {
    const { token } = await createToken({ name: 'good', environment: 'staging', scopes: ['ingest:write'] });
    for (let i = 0; i < TOKEN_FAILURE_LIMITS.limit; i++) expect((await authenticateToken(bearer(`wdn_staging_guess${i}`), 'ingest:write', '203.0.113.9')).ok).toBe(false);
    // Now even a valid token from that source waits; other sources are unaffected.
    expect(await authenticateToken(bearer(token), 'ingest:write', '203.0.113.9')).toMatchObject({ ok: false, status: 429, code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    expect((await authenticateToken(bearer(token), 'ingest:write', '203.0.113.10')).ok).toBe(true);
    expect(await sql(`SELECT 1 FROM console_actions WHERE action = 'token.auth_throttled' AND source_ip = '203.0.113.9'`)).toHaveLength(1);
    // Over HTTP: a burst of bad tokens from 127.0.0.1 gets 429 with Retry-After.
    resetTokenFailures();
    for (let i = 0; i < TOKEN_FAILURE_LIMITS.limit; i++) await post(server.url, 'wdn_staging_x', '{}');
    const throttled = await post(server.url, token, ndjson([sampleEvent(9)]));
    expect(throttled.status).toBe(429);
    expect(throttled.body).toMatchObject({ reason: 'rate_limited' });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('ingest snippets', () => {
  it('work verbatim: curl runs as printed; the Vector and Fluent Bit settings post as those shippers do', async () => {
    resetTokenFailures();
    const { token } = await createToken({ name: 'snip', environment: 'staging', scopes: ['ingest:write'] });
    const snippets = ingestSnippets(server.url, token, 'staging');
    expect(snippets.ingestUrl).toBe(`${server.url}/api/v1/ingest`);
    // Async: the server answering curl runs in this process.
    const curlOut = JSON.parse((await promisify(execFile)('sh', ['-c', snippets.curl], { encoding: 'utf8' })).stdout);
    expect(curlOut).toMatchObject({ accepted: 1, quarantined: 0 });

    const uri = /^uri = "(.+)"$/m.exec(snippets.vector)![1]!;
    const vectorToken = /^auth\.token = "(.+)"$/m.exec(snippets.vector)![1]!;
    expect(snippets.vector).toMatch(/^compression = "gzip"$/m);
    const vectorResponse = await fetch(uri, { method: 'POST', headers: { authorization: `Bearer ${vectorToken}`, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipSync(ndjson([sampleEvent(100), sampleEvent(101)]))) });
    expect(await vectorResponse.json()).toMatchObject({ accepted: 2 });

    const setting = (name: string) => new RegExp(`^\\s+${name}\\s+(.+)$`, 'm').exec(snippets.fluentBit)![1]!;
    const [headerName, ...headerValue] = setting('Header').split(' ');
    const fluentUrl = `http://${setting('Host')}:${setting('Port')}${setting('URI')}`;
    const record = { ...sampleEvent(102), date: Date.now() / 1000 };
    delete (record as Record<string, unknown>).timestamp;
    const fluentResponse = await fetch(fluentUrl, { method: 'POST', headers: { [headerName!]: headerValue.join(' '), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipSync(JSON.stringify(record) + '\n')) });
    expect(await fluentResponse.json()).toMatchObject({ accepted: 1 });
  });

  it('uses TLS settings for an https origin', () => {
    const snippets = ingestSnippets('https://warden.example.com', 'wdn_x', 'production');
    expect(snippets.fluentBit).toMatch(/Port\s+443/);
    expect(snippets.fluentBit).toMatch(/tls\s+On/);
    expect(snippets.vector).toContain('uri = "https://warden.example.com/api/v1/ingest"');
  });
});
