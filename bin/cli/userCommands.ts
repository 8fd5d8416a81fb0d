import { CLI_ACTOR } from '../../lib/audit';
import { createUser, generatePassword, isRole, resetPassword, setUserActive, type Role } from '../../lib/auth';
import { parseOptions, readPasswordFromStdin, requireString, UsageError } from './args';
import { withDatabase } from './withDatabase';

const PASSWORD_OPTIONS = { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } } as const;

async function passwordFor(values: Record<string, unknown>): Promise<{ password: string; generated: boolean }> {
  if (values['password-stdin']) return { password: await readPasswordFromStdin(), generated: false };
  return { password: generatePassword(), generated: true };
}

function announce(email: string, password: string, generated: boolean) {
  if (generated) console.log(`Password for ${email} (shown once, stored only as a bcrypt hash): ${password}`);
}

export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create': {
      const values = parseOptions(rest, { ...PASSWORD_OPTIONS, role: { type: 'string' }, name: { type: 'string' } });
      const email = requireString(values, 'email');
      const role = values.role ?? 'analyst';
      if (!isRole(role)) throw new UsageError(`--role must be analyst, lead or admin (got "${role}")`);
      const { password, generated } = await passwordFor(values);
      const user = await withDatabase(() =>
        createUser({ email, password, role: role as Role, name: typeof values.name === 'string' ? values.name : undefined }, CLI_ACTOR));
      console.log(`Created ${user.role} ${user.email}`);
      announce(user.email, password, generated);
      return 0;
    }
    case 'reset-password': {
      const values = parseOptions(rest, PASSWORD_OPTIONS);
      const email = requireString(values, 'email');
      const { password, generated } = await passwordFor(values);
      const user = await withDatabase(() => resetPassword(email, password, CLI_ACTOR));
      console.log(`Reset the password of ${user.email}; their open sessions have ended.`);
      announce(user.email, password, generated);
      return 0;
    }
    case 'deactivate':
    case 'activate': {
      const email = requireString(parseOptions(rest, { email: { type: 'string' } }), 'email');
      const user = await withDatabase(() => setUserActive(email, sub === 'activate', CLI_ACTOR));
      console.log(`${user.email} is now ${user.active ? 'active' : 'deactivated; their open sessions have ended'}.`);
      return 0;
    }
    default:
      throw new UsageError('usage: warden user create|reset-password|deactivate|activate --email EMAIL');
  }
}
