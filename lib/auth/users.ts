import { recordConsoleAction, SYSTEM_ACTOR, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import type { User } from '../db/generated/client';
import { generatePassword, hashPassword, passwordProblem } from './password';
import type { Role } from './roles';

export class UserInputError extends Error {}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkNewCredentials(email: string, password: string): void {
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new UserInputError(`"${email}" is not an email address`);
  const problem = passwordProblem(password);
  if (problem) throw new UserInputError(`password ${problem}`);
}

// Every change to who can sign in is a console action in the ledger, made after the change itself.
export async function createUser(input: { email: string; password: string; role: Role; name?: string }, actor: ConsoleActor = SYSTEM_ACTOR): Promise<User> {
  const email = normaliseEmail(input.email);
  checkNewCredentials(email, input.password);
  const existing = await db().user.findUnique({ where: { email } });
  if (existing) throw new UserInputError(`a user with email ${email} already exists`);
  const user = await db().user.create({
    data: { email, name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) },
  });
  await recordConsoleAction({ actor, action: 'user.created', target: `user:${email}`, details: { role: user.role } });
  return user;
}

/** Sets a new password and ends every session the user had. */
export async function resetPassword(emailInput: string, password: string, actor: ConsoleActor = SYSTEM_ACTOR): Promise<User> {
  const email = normaliseEmail(emailInput);
  checkNewCredentials(email, password);
  const user = await db().user.findUnique({ where: { email } });
  if (!user) throw new UserInputError(`no user with email ${email}`);
  const updated = await db().user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(password), sessionEpoch: { increment: 1 } },
  });
  await recordConsoleAction({ actor, action: 'user.password_reset', target: `user:${email}` });
  return updated;
}

type Tx = Parameters<Parameters<ReturnType<typeof db>['$transaction']>[0]>[0];

/**
 * Runs `change` with every active admin row locked, so two admins demoting or deactivating each
 * other at the same moment cannot both succeed and leave Warden with no admin: the second waits,
 * then sees the first's change.
 */
async function withAdminsLocked<T>(email: string, change: (tx: Tx, user: User, otherActiveAdmins: number) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    const admins = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM users WHERE role = 'admin' AND active FOR UPDATE`;
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new UserInputError(`no user with email ${email}`);
    return change(tx, user, admins.filter((admin) => admin.id !== user.id).length);
  });
}

/** Deactivated users cannot sign in, and their open sessions stop working on the next request. */
export async function setUserActive(emailInput: string, active: boolean, actor: ConsoleActor = SYSTEM_ACTOR): Promise<User> {
  const email = normaliseEmail(emailInput);
  const updated = await withAdminsLocked(email, async (tx, user, otherAdmins) => {
    if (!active && user.role === 'admin' && user.active && otherAdmins === 0) {
      throw new UserInputError(`${email} is the last active admin; make another admin first`);
    }
    return tx.user.update({ where: { id: user.id }, data: { active, sessionEpoch: { increment: 1 } } });
  });
  await recordConsoleAction({ actor, action: active ? 'user.activated' : 'user.deactivated', target: `user:${email}` });
  return updated;
}

/** Changes a user's role; takes effect on their next request (roles are re-read every time). */
export async function setUserRole(emailInput: string, role: Role, actor: ConsoleActor = SYSTEM_ACTOR): Promise<{ user: User; changed: boolean }> {
  const email = normaliseEmail(emailInput);
  const result = await withAdminsLocked(email, async (tx, user, otherAdmins) => {
    if (user.role === role) return { user, from: user.role, changed: false };
    if (user.role === 'admin' && user.active && otherAdmins === 0) {
      throw new UserInputError(`${email} is the last active admin; make another admin first`);
    }
    return { user: await tx.user.update({ where: { id: user.id }, data: { role } }), from: user.role, changed: true };
  });
  if (result.changed) await recordConsoleAction({ actor, action: 'user.role_changed', target: `user:${email}`, details: { from: result.from, to: role } });
  return { user: result.user, changed: result.changed };
}

export interface FirstAdmin {
  email: string;
  /** Set only when Warden generated the password: print it once, it is stored nowhere in clear. */
  generatedPassword?: string;
}

/** On an empty database, creates the first admin from WARDEN_ADMIN_EMAIL / WARDEN_ADMIN_PASSWORD. */
export async function ensureFirstAdmin(env: Record<string, string | undefined> = process.env): Promise<FirstAdmin | null> {
  if ((await db().user.count()) > 0) return null;
  const email = env.WARDEN_ADMIN_EMAIL || 'admin@warden.local';
  const generatedPassword = env.WARDEN_ADMIN_PASSWORD ? undefined : generatePassword();
  await createUser({ email, password: env.WARDEN_ADMIN_PASSWORD || generatedPassword!, role: 'admin', name: 'Admin' });
  return { email: normaliseEmail(email), generatedPassword };
}

export function listUsers(): Promise<User[]> {
  return db().user.findMany({ orderBy: [{ role: 'desc' }, { email: 'asc' }] });
}
