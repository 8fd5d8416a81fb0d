import type { Role } from '../../lib/auth/roles';

export interface Persona {
  email: string;
  password: string;
  role: Role;
}

/** Users the e2e server creates. `admin` is made by `warden start` itself (WARDEN_ADMIN_*). */
export const PERSONAS = {
  admin: { email: 'admin@e2e.test', password: 'admin e2e passphrase', role: 'admin' },
  lead: { email: 'lead@e2e.test', password: 'lead e2e passphrase', role: 'lead' },
  /** A second lead: approves what `lead` requests (a requester never approves their own promotion). */
  lead2: { email: 'lead2@e2e.test', password: 'lead2 e2e passphrase', role: 'lead' },
  analyst: { email: 'analyst@e2e.test', password: 'analyst e2e passphrase', role: 'analyst' },
  /** An admin whose session the role matrix ends (deactivation) after signing in. */
  ended: { email: 'ended@e2e.test', password: 'ended e2e passphrase', role: 'admin' },
  /** Signs in and out in the browser tests, so other personas' sessions stay untouched. */
  visitor: { email: 'visitor@e2e.test', password: 'visitor e2e passphrase', role: 'analyst' },
} satisfies Record<string, Persona>;

export const E2E_PORT = 3100;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_ENV_FILE = '.test-output/e2e-env.json';
