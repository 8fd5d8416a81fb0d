import { db } from '../db/client';

/** Failed sign-ins tolerated per window before further attempts are refused unchecked. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perAccount: 5, perSource: 30 } as const;

/** True when the account or the source address has used up its failed attempts for the window. */
export async function isSignInThrottled(email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const [byAccount, bySource] = await Promise.all([
    db().signInAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
    db().signInAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }),
  ]);
  return byAccount >= SIGN_IN_LIMITS.perAccount || bySource >= SIGN_IN_LIMITS.perSource;
}

export async function recordSignInAttempt(email: string, ip: string, succeeded: boolean): Promise<void> {
  await db().signInAttempt.create({ data: { email, ip, succeeded } });
}
