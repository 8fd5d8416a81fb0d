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

/** Deactivated users cannot sign in, and their open sessions stop working on the next request. */
export async function setUserActive(emailInput: string, active: boolean, actor: ConsoleActor = SYSTEM_ACTOR): Promise<User> {
  const email = normaliseEmail(emailInput);
  const user = await db().user.findUnique({ where: { email } });
  if (!user) throw new UserInputError(`no user with email ${email}`);
  if (!active && user.role === 'admin') {
    const otherAdmins = await db().user.count({ where: { role: 'admin', active: true, id: { not: user.id } } });
    if (otherAdmins === 0) throw new UserInputError(`${email} is the last active admin; make another admin first`);
  }
  const updated = await db().user.update({ where: { id: user.id }, data: { active, sessionEpoch: { increment: 1 } } });
  await recordConsoleAction({ actor, action: active ? 'user.activated' : 'user.deactivated', target: `user:${email}` });
  return updated;
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
