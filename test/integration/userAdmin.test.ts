import { beforeAll, describe, expect, it } from 'vitest';
import { createUserCommand, resetPasswordCommand, setActiveCommand, setRoleCommand } from '../../lib/admin';
import { authenticate, createUser } from '../../lib/auth';
import { db } from '../../lib/db';
import { freshDatabase } from '../support/freshDatabase';
import { sql } from '../support/ingestFixtures';

const ADMIN = { id: null, label: 'root@example.com' };

beforeAll(async () => {
  await freshDatabase();
  await createUser({ email: 'root@example.com', password: 'root passphrase long', role: 'admin' });
});

const activeAdmins = () => db().user.count({ where: { role: 'admin', active: true } });

describe('users admin', () => {
  it('creates a user with a one-time password that signs in; refuses bad input per field', async () => {
    const created = await createUserCommand({ email: ' Ana@Example.com ', role: 'analyst', name: 'Ana' }, ADMIN);
    expect(created).toMatchObject({ ok: true, value: { email: 'ana@example.com' } });
    const password = (created as { value: { password: string } }).value.password;
    expect(await authenticate({ email: 'ana@example.com', password }, '127.0.0.1')).toMatchObject({ email: 'ana@example.com', role: 'analyst' });
    expect(await createUserCommand({ email: 'nope', role: 'root' }, ADMIN)).toMatchObject({ ok: false, fields: { email: ['is not an email address'], role: expect.any(Array) } });
    expect(await createUserCommand({ email: 'ana@example.com', role: 'lead' }, ADMIN)).toMatchObject({ ok: false, fields: { email: [expect.stringContaining('already exists')] } });
  });

  it('changes a role (recorded with from/to); the change applies on the next request', async () => {
    expect(await setRoleCommand({ email: 'ana@example.com', role: 'lead' }, ADMIN)).toEqual({ ok: true, value: { changed: true } });
    expect(await setRoleCommand({ email: 'ana@example.com', role: 'lead' }, ADMIN)).toEqual({ ok: true, value: { changed: false } });
    expect((await db().user.findUnique({ where: { email: 'ana@example.com' } }))!.role).toBe('lead');
    const logged = await sql<{ details: unknown }>("SELECT details FROM console_actions WHERE action = 'user.role_changed' AND target = 'user:ana@example.com'");
    expect(logged.map((row) => row.details)).toEqual([{ from: 'analyst', to: 'lead' }]);
  });

  it('deactivation and password reset end sessions (new session epoch) and block sign-in', async () => {
    const before = (await db().user.findUnique({ where: { email: 'ana@example.com' } }))!.sessionEpoch;
    const reset = await resetPasswordCommand({ email: 'ana@example.com' }, ADMIN);
    expect(reset.ok).toBe(true);
    const password = (reset as { value: { password: string } }).value.password;
    expect((await db().user.findUnique({ where: { email: 'ana@example.com' } }))!.sessionEpoch).toBe(before + 1);
    expect(await setActiveCommand({ email: 'ana@example.com', active: 'false' }, ADMIN)).toEqual({ ok: true, value: { active: false } });
    expect((await db().user.findUnique({ where: { email: 'ana@example.com' } }))!.sessionEpoch).toBe(before + 2);
    expect(await authenticate({ email: 'ana@example.com', password }, '127.0.0.1')).toBeNull();
  });

  it('never demotes or deactivates the last active admin', async () => {
    expect(await setRoleCommand({ email: 'root@example.com', role: 'analyst' }, ADMIN)).toMatchObject({ ok: false, fields: { role: [expect.stringContaining('last active admin')] } });
    expect(await setActiveCommand({ email: 'root@example.com', active: 'false' }, ADMIN)).toMatchObject({ ok: false, fields: { active: [expect.stringContaining('last active admin')] } });
    expect(await activeAdmins()).toBe(1);
  });

  it('keeps one admin when two admins demote or deactivate each other at the same moment', async () => {
    await createUser({ email: 'second@example.com', password: 'second passphrase long', role: 'admin' });
    for (let round = 0; round < 5; round++) {
      expect(await activeAdmins()).toBe(2);
      const results = await Promise.all([
        round % 2 ? setActiveCommand({ email: 'root@example.com', active: 'false' }, ADMIN) : setRoleCommand({ email: 'root@example.com', role: 'lead' }, ADMIN),
        setRoleCommand({ email: 'second@example.com', role: 'analyst' }, ADMIN),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(await activeAdmins()).toBe(1);
      // Restore two admins for the next round.
      await db().user.updateMany({ where: { email: { in: ['root@example.com', 'second@example.com'] } }, data: { role: 'admin', active: true } });
    }
  });
});

describe('OIDC sign-in (provisioning; no real provider in this environment)', () => {
  it('creates the user with the mapped role, updates the role from the claim later, refuses unmapped or deactivated users', async () => {
    const { oidcConfig, signInWithOidc } = await import('../../lib/auth/oidc');
    const config = oidcConfig({ WARDEN_OIDC_ISSUER: 'https://idp.example', WARDEN_OIDC_CLIENT_ID: 'w', WARDEN_OIDC_LEAD_VALUES: 'sec-leads', WARDEN_OIDC_ANALYST_VALUES: 'soc' })!;
    const first = await signInWithOidc({ sub: '1', email: 'Olga@Example.com', email_verified: true, groups: ['soc'] }, config, '10.0.0.1');
    expect(first).toMatchObject({ email: 'olga@example.com', role: 'analyst' });
    const again = await signInWithOidc({ sub: '1', email: 'olga@example.com', groups: ['soc', 'sec-leads'] }, config, '10.0.0.1');
    expect(again).toMatchObject({ id: first!.id, role: 'lead' });
    expect(await signInWithOidc({ sub: '2', email: 'mallory@example.com', groups: ['marketing'] }, config, '10.0.0.1')).toBeNull();
    expect(await signInWithOidc({ sub: '3', email: 'eve@example.com', email_verified: false, groups: ['soc'] }, config, '10.0.0.1')).toBeNull();
    await setActiveCommand({ email: 'olga@example.com', active: 'false' }, ADMIN);
    expect(await signInWithOidc({ sub: '1', email: 'olga@example.com', groups: ['sec-leads'] }, config, '10.0.0.1')).toBeNull();
    const failures = await sql<{ details: { reason: string } }>("SELECT details FROM console_actions WHERE action = 'sign_in.failed' AND details->>'method' = 'oidc' ORDER BY seq");
    expect(failures.map((row) => row.details.reason)).toEqual(['no role: claim groups has no mapped value', 'email not verified by the provider', 'deactivated']);
  });
});
