import { z } from 'zod';
import type { ConsoleActor } from '../audit';
import { createUser, generatePassword, resetPassword, ROLES, setUserActive, setUserRole, UserInputError } from '../auth';
import { asResult, optional, parseInput, type AdminResult } from './adminResult';

// Validated faces of lib/auth's user functions for the Admin page. Passwords for new users and
// resets are generated here and returned once; Warden stores only their bcrypt hash.
const email = z.string({ error: 'enter an email address' }).trim().toLowerCase().min(3, 'enter an email address').max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'is not an email address');
const role = z.enum(ROLES, { error: 'choose analyst, lead or admin' });

export const createUserInput = z.object({ email, role, name: optional(z.string().trim().max(200, 'at most 200 characters')) });

/** Creates the account with a generated one-time password to hand over (there is no e-mail sending). */
export async function createUserCommand(input: unknown, actor: ConsoleActor): Promise<AdminResult<{ email: string; password: string }>> {
  const parsed = parseInput(createUserInput, input);
  if (!parsed.ok) return parsed;
  const password = generatePassword();
  return asResult('email', UserInputError, async () => {
    const user = await createUser({ ...parsed.value, password }, actor);
    return { email: user.email, password };
  });
}

export async function setRoleCommand(input: unknown, actor: ConsoleActor): Promise<AdminResult<{ changed: boolean }>> {
  const parsed = parseInput(z.object({ email, role }), input);
  if (!parsed.ok) return parsed;
  return asResult('role', UserInputError, async () => ({ changed: (await setUserRole(parsed.value.email, parsed.value.role, actor)).changed }));
}

export async function setActiveCommand(input: unknown, actor: ConsoleActor): Promise<AdminResult<{ active: boolean }>> {
  const parsed = parseInput(z.object({ email, active: z.enum(['true', 'false'], { error: 'say true or false' }) }), input);
  if (!parsed.ok) return parsed;
  return asResult('active', UserInputError, async () => ({ active: (await setUserActive(parsed.value.email, parsed.value.active === 'true', actor)).active }));
}

/** Sets a generated password (shown once) and ends the user's sessions. */
export async function resetPasswordCommand(input: unknown, actor: ConsoleActor): Promise<AdminResult<{ email: string; password: string }>> {
  const parsed = parseInput(z.object({ email }), input);
  if (!parsed.ok) return parsed;
  const password = generatePassword();
  return asResult('email', UserInputError, async () => ({ email: (await resetPassword(parsed.value.email, password, actor)).email, password }));
}
