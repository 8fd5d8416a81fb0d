import { spawn } from 'node:child_process';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listConsoleActions } from '../../lib/audit';
import { db } from '../../lib/db';
import { authenticateToken, createToken, resetTokenFailures, type CreatedToken } from '../../lib/tokens';
import { freshDatabase } from '../support/freshDatabase';

let databaseUrl: string;
const admin = { id: null, label: 'ana@example.com' };

beforeAll(async () => {
  databaseUrl = await freshDatabase();
}, 120_000);

beforeEach(() => resetTokenFailures());

/** The real CLI in a child process, against this file's database. */
function warden(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/warden', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const bearer = (token: string) => `Bearer ${token}`;
let counter = 0;
const make = (overrides: Partial<Parameters<typeof createToken>[0]> = {}): Promise<CreatedToken> =>
  createToken({ name: `cli-test-${++counter}`, environment: 'staging', scopes: ['ingest:write'], expiresInDays: 30, createdBy: admin.label, ...overrides }, admin);

describe('warden token list', () => {
  it('shows prefix, name, environment, scopes, status, creator, last use with its address and expiry — never a secret', async () => {
    const used = await make({ name: 'vector-staging', scopes: ['ingest:write', 'executions:read'] });
    expect((await authenticateToken(bearer(used.token), 'ingest:write', '203.0.113.7')).ok).toBe(true);
    const production = await make({ name: 'fluent-prod', environment: 'production' });
    const revoked = await make({ name: 'old-one' });
    await db().apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });

    const result = await warden(['token', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PREFIX\s+NAME\s+ENV\s+SCOPES\s+STATUS\s+CREATED BY\s+CREATED\s+LAST USED\s+EXPIRES$/);
    const row = (prefix: string) => lines.find((line) => line.startsWith(`${prefix}…`)) ?? '';
    expect(row(used.prefix)).toMatch(/vector-staging\s+staging\s+ingest:write,executions:read\s+active\s+ana@example\.com\s+\S+ \S+\s+\S+ \S+ from 203\.0\.113\.7/);
    expect(row(production.prefix)).toMatch(/fluent-prod\s+production\s+ingest:write\s+active\s+.*never/);
    expect(row(revoked.prefix)).toMatch(/old-one\s+staging\s+ingest:write\s+revoked\s+.*revoked \d{4}-/);
    // Live tokens first, as on the console's Tokens page.
    expect(lines.findIndex((line) => line.startsWith(revoked.prefix))).toBeGreaterThan(lines.findIndex((line) => line.startsWith(production.prefix)));
    for (const token of [used, production, revoked]) expect(result.stdout).not.toContain(token.token.slice(12));

    const filtered = await warden(['token', 'list', '--env', 'production', '--live', '--json']);
    expect(filtered.code).toBe(0);
    const items = JSON.parse(filtered.stdout) as Array<{ prefix: string; environment: string; status: string }>;
    expect(items.map((item) => item.prefix)).toContain(production.prefix);
    expect(items.every((item) => item.environment === 'production' && item.status === 'active')).toBe(true);
    expect(filtered.stdout).not.toContain('tokenHash');
  }, 120_000);

  it('refuses an unknown environment with a usage error', async () => {
    const result = await warden(['token', 'list', '--env', 'console']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--env must be staging or production');
  }, 120_000);
});

describe('warden token revoke', () => {
  it('revokes by the prefix as listed; the next request gets 401 revoked; recorded as token.revoked by cli', async () => {
    const token = await make();
    expect((await authenticateToken(bearer(token.token), 'ingest:write', '10.1.0.1')).ok).toBe(true);
    const result = await warden(['token', 'revoke', `${token.prefix}…`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Revoked ${token.prefix}…`);
    expect(await authenticateToken(bearer(token.token), 'ingest:write', '10.1.0.1')).toMatchObject({ ok: false, status: 401, code: 'revoked' });
    const { items } = await listConsoleActions({ action: 'token.revoked', target: `token:${token.prefix}` });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actor: 'cli', target: `token:${token.prefix}`, details: { environment: 'staging' } });

    const again = await warden(['token', 'revoke', token.id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already revoked; nothing changed');
    expect((await listConsoleActions({ action: 'token.revoked', target: `token:${token.prefix}` })).items).toHaveLength(1);
  }, 120_000);

  it('revokes a leaked token named by its whole secret', async () => {
    const token = await make();
    const result = await warden(['token', 'revoke', token.token]);
    expect(result.code).toBe(0);
    expect(await authenticateToken(bearer(token.token), 'ingest:write', '10.1.0.2')).toMatchObject({ ok: false, code: 'revoked' });
  }, 120_000);

  it('refuses an unknown prefix, a prefix two tokens share (naming their ids), and a missing argument — changing nothing', async () => {
    const unknown = await warden(['token', 'revoke', 'wdn_staging_zzzzzz']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no token with prefix or id "wdn_staging_zzzzzz"');

    const first = await make({ name: 'twin-a' });
    const second = await make({ name: 'twin-b' });
    await db().apiToken.update({ where: { id: second.id }, data: { prefix: first.prefix } });
    const shared = await warden(['token', 'revoke', first.prefix]);
    expect(shared.code).toBe(1);
    expect(shared.stderr).toContain(`2 tokens share the prefix ${first.prefix}`);
    expect(shared.stderr).toContain(first.id);
    expect(shared.stderr).toContain(second.id);
    expect(await db().apiToken.count({ where: { id: { in: [first.id, second.id] }, revokedAt: { not: null } } })).toBe(0);

    const missing = await warden(['token', 'revoke']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('name the token');
  }, 120_000);
});

describe('warden token rotate', () => {
  it('prints a new token with the same name, environment and scopes; the old one works during the grace period', async () => {
    const old = await make({ name: 'vector-rotating', scopes: ['ingest:write', 'ledger:read'], allowedCidrs: ['10.2.0.0/16'] });
    const result = await warden(['token', 'rotate', old.prefix, '--grace', '2h', '--expires', '30d']);
    expect(result.code).toBe(0);
    const secret = result.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^wdn_staging_[0-9A-Za-z]{38}$/);
    expect(result.stdout).toMatch(new RegExp(`Rotated ${old.prefix}…: it keeps working until (\\S+), then fails with 401 "rotated"`));
    const graceUntil = new Date(/until (\S+),/.exec(result.stdout)![1]!);
    expect(Math.abs(graceUntil.getTime() - (Date.now() + 2 * 3_600_000))).toBeLessThan(60_000);

    const fresh = await authenticateToken(bearer(secret), 'ledger:read', '10.2.3.4');
    expect(fresh).toMatchObject({ ok: true, token: { name: 'vector-rotating', environment: 'staging', scopes: ['ingest:write', 'ledger:read'] } });
    const successor = await db().apiToken.findFirstOrThrow({ where: { rotatedFromId: old.id } });
    expect(successor.allowedCidrs).toEqual(['10.2.0.0/16']);
    expect(successor.createdBy).toBe('cli');
    expect(Math.round((successor.expiresAt!.getTime() - Date.now()) / 86_400_000)).toBe(30);
    expect((await authenticateToken(bearer(old.token), 'ingest:write', '10.2.3.4')).ok).toBe(true);

    const { items } = await listConsoleActions({ action: 'token.rotated', target: `token:${old.prefix}` });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actor: 'cli', details: { new_prefix: successor.prefix } });
    // One entry for the rotation (naming the successor), none for the successor's creation.
    expect((await listConsoleActions({ action: 'token.', target: `token:${successor.prefix}` })).items).toEqual([]);
  }, 120_000);

  it('with --grace 0 the old token fails at once with 401 rotated; a second rotation of it is refused', async () => {
    const old = await make();
    const result = await warden(['token', 'rotate', old.id, '--grace', '0']);
    expect(result.code).toBe(0);
    expect(await authenticateToken(bearer(old.token), 'ingest:write', '10.3.0.1')).toMatchObject({ ok: false, status: 401, code: 'rotated' });
    const again = await warden(['token', 'rotate', old.prefix]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`token ${old.prefix} was already rotated`);
    expect(await db().apiToken.count({ where: { rotatedFromId: old.id } })).toBe(1);
  }, 120_000);

  it('refuses a revoked token and a malformed grace period', async () => {
    const old = await make();
    await db().apiToken.update({ where: { id: old.id }, data: { revokedAt: new Date() } });
    const revoked = await warden(['token', 'rotate', old.prefix]);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('is revoked; create a new one instead');
    const live = await make();
    const malformed = await warden(['token', 'rotate', live.prefix, '--grace', 'soon']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--grace must look like 24h, 2d or 0');
    const tooLong = await warden(['token', 'rotate', live.prefix, '--grace', '1000d']);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain('grace period must be');
    expect(await db().apiToken.count({ where: { rotatedFromId: { in: [old.id, live.id] } } })).toBe(0);
  }, 120_000);
});
