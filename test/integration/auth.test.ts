import { beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate, createUser, ensureFirstAdmin, resetPassword, setUserActive, SIGN_IN_LIMITS, UserInputError, verifyPassword,
} from '../../lib/auth';
import { db } from '../../lib/db';
import { freshDatabase } from '../support/freshDatabase';

const PASSWORD = 'a long enough passphrase';
let counter = 0;
const uniqueEmail = () => `user${++counter}-${Date.now()}@example.com`;
const uniqueIp = () => `10.0.${counter}.${Math.floor(Math.random() * 250)}`;

describe('sign-in (authenticate)', () => {
  beforeAll(async () => {
    await freshDatabase();
  });

  it('accepts the right password, case-insensitively on the email, and records the sign-in', async () => {
    const email = uniqueEmail();
    await createUser({ email, password: PASSWORD, role: 'lead' });
    const user = await authenticate({ email: `  ${email.toUpperCase()} `, password: PASSWORD }, uniqueIp());
    expect(user).toMatchObject({ email, role: 'lead', sessionEpoch: 0 });
    const stored = await db().user.findUniqueOrThrow({ where: { email } });
    expect(stored.lastSignInAt).not.toBeNull();
    expect(stored.passwordHash).not.toContain(PASSWORD);
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$12\$/);
  });

  it('returns the same null for a wrong password, an unknown account, malformed input and a deactivated user', async () => {
    const email = uniqueEmail();
    await createUser({ email, password: PASSWORD, role: 'analyst' });
    const ip = uniqueIp();
    expect(await authenticate({ email, password: 'wrong password!!' }, ip)).toBeNull();
    expect(await authenticate({ email: uniqueEmail(), password: PASSWORD }, ip)).toBeNull();
    expect(await authenticate({ email: ['x'], password: 42 }, ip)).toBeNull();
    expect(await authenticate(undefined, ip)).toBeNull();
    await setUserActive(email, false);
    expect(await authenticate({ email, password: PASSWORD }, ip)).toBeNull();
  });

  it(`throttles an account after ${SIGN_IN_LIMITS.perAccount} failures, even from fresh addresses and with the right password`, async () => {
    const email = uniqueEmail();
    await createUser({ email, password: PASSWORD, role: 'analyst' });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      expect(await authenticate({ email, password: `guess number ${i}` }, uniqueIp())).toBeNull();
    }
    expect(await authenticate({ email, password: PASSWORD }, uniqueIp())).toBeNull();
    const other = uniqueEmail();
    await createUser({ email: other, password: PASSWORD, role: 'analyst' });
    expect(await authenticate({ email: other, password: PASSWORD }, uniqueIp())).not.toBeNull();
  });

  it(`throttles a source address after ${SIGN_IN_LIMITS.perSource} failures across accounts`, async () => {
    const ip = uniqueIp();
    const victim = uniqueEmail();
    await createUser({ email: victim, password: PASSWORD, role: 'analyst' });
    await db().signInAttempt.createMany({
      data: Array.from({ length: SIGN_IN_LIMITS.perSource }, (_, i) => ({ email: `spray${i}@example.com`, ip, succeeded: false })),
    });
    expect(await authenticate({ email: victim, password: PASSWORD }, ip)).toBeNull();
    expect(await authenticate({ email: victim, password: PASSWORD }, uniqueIp())).not.toBeNull();
  });

  it('forgets failures older than the window', async () => {
    const email = uniqueEmail();
    await createUser({ email, password: PASSWORD, role: 'analyst' });
    const old = new Date(Date.now() - (SIGN_IN_LIMITS.windowMinutes + 1) * 60_000);
    await db().signInAttempt.createMany({
      data: Array.from({ length: SIGN_IN_LIMITS.perAccount }, () => ({ email, ip: '10.9.9.9', succeeded: false, createdAt: old })),
    });
    expect(await authenticate({ email, password: PASSWORD }, uniqueIp())).not.toBeNull();
  });
});

describe('users', () => {
  beforeAll(async () => {
    await freshDatabase();
  });

  it('creates the first admin only on an empty database, generating a strong password when none is configured', async () => {
    const admin = await ensureFirstAdmin({});
    expect(admin?.email).toBe('admin@warden.local');
    expect(admin?.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const stored = await db().user.findUniqueOrThrow({ where: { email: 'admin@warden.local' } });
    expect(stored.role).toBe('admin');
    expect(await verifyPassword(admin!.generatedPassword!, stored.passwordHash)).toBe(true);
    expect(await ensureFirstAdmin({ WARDEN_ADMIN_EMAIL: 'second@example.com', WARDEN_ADMIN_PASSWORD: PASSWORD })).toBeNull();
    expect(await db().user.count()).toBe(1);
  });

  it('refuses duplicate emails, weak or over-long passwords and non-addresses', async () => {
    const email = uniqueEmail();
    await createUser({ email, password: PASSWORD, role: 'analyst' });
    await expect(createUser({ email: email.toUpperCase(), password: PASSWORD, role: 'analyst' })).rejects.toThrow('already exists');
    await expect(createUser({ email: uniqueEmail(), password: 'short', role: 'analyst' })).rejects.toThrow(UserInputError);
    await expect(createUser({ email: uniqueEmail(), password: 'é'.repeat(40), role: 'analyst' })).rejects.toThrow('at most 72 bytes');
    await expect(createUser({ email: 'not-an-email', password: PASSWORD, role: 'analyst' })).rejects.toThrow('not an email');
  });

  it('password reset changes the password and bumps the session epoch (open sessions end)', async () => {
    const email = uniqueEmail();
    const before = await createUser({ email, password: PASSWORD, role: 'analyst' });
    const after = await resetPassword(email, 'another long passphrase');
    expect(after.sessionEpoch).toBe(before.sessionEpoch + 1);
    expect(await authenticate({ email, password: PASSWORD }, uniqueIp())).toBeNull();
    expect(await authenticate({ email, password: 'another long passphrase' }, uniqueIp())).not.toBeNull();
    await expect(resetPassword(uniqueEmail(), PASSWORD)).rejects.toThrow('no user with email');
  });

  it('never deactivates the last active admin', async () => {
    await expect(setUserActive('admin@warden.local', false)).rejects.toThrow('last active admin');
    const second = uniqueEmail();
    await createUser({ email: second, password: PASSWORD, role: 'admin' });
    const deactivated = await setUserActive('admin@warden.local', false);
    expect(deactivated.active).toBe(false);
    await expect(setUserActive(second, false)).rejects.toThrow('last active admin');
  });
});
