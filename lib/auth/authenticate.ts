import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { verifyPassword } from './password';
import type { Role } from './roles';
import { isSignInThrottled, recordSignInAttempt } from './signInThrottle';
import { normaliseEmail } from './users';

const credentialsSchema = z.object({
  email: z.string().min(3).max(320),
  password: z.string().min(1).max(1024),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  sessionEpoch: number;
}

/**
 * Checks email + password. Returns null for every kind of failure (unknown account, wrong password,
 * deactivated, throttled) so callers can only ever show one generic message.
 */
export async function authenticate(credentials: unknown, ip: string): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const email = normaliseEmail(parsed.data.email);
  if (await isSignInThrottled(email, ip)) {
    await recordSignInAttempt(email, ip, false);
    await recordConsoleAction({ actor: { id: null, label: email }, action: 'sign_in.throttled', target: `user:${email}`, sourceIp: ip });
    return null;
  }
  const user = await db().user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(parsed.data.password, user?.passwordHash ?? null);
  if (!user || !passwordOk || !user.active) {
    await recordSignInAttempt(email, ip, false);
    // The reason stays in the ledger for investigators; the person signing in only ever sees one message.
    const reason = !user ? 'unknown account' : !user.active ? 'deactivated' : 'wrong password';
    await recordConsoleAction({ actor: { id: user?.id ?? null, label: email }, action: 'sign_in.failed', target: `user:${email}`, details: { reason }, sourceIp: ip });
    return null;
  }
  await recordSignInAttempt(email, ip, true);
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordConsoleAction({ actor: { id: user.id, label: email }, action: 'sign_in.succeeded', target: `user:${email}`, sourceIp: ip });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionEpoch: user.sessionEpoch };
}
