export const ENVIRONMENTS = ['staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The cookie that remembers which environment the console shows. */
export const ENVIRONMENT_COOKIE = 'warden_env';
export const DEFAULT_ENVIRONMENT: Environment = 'staging';

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** The environment a request shows: `?env=` wins (shareable links), then the cookie, then staging. */
export function selectedEnvironment(queryValue: unknown, cookieValue: unknown): Environment {
  if (isEnvironment(queryValue)) return queryValue;
  if (isEnvironment(cookieValue)) return cookieValue;
  return DEFAULT_ENVIRONMENT;
}

/** Ledger logs: one per environment, and `console`, the console's own audit log (sign-ins, tokens, reveals…). */
export const LEDGER_LOGS = [...ENVIRONMENTS, 'console'] as const;
export type LedgerLog = (typeof LEDGER_LOGS)[number];

export function isLedgerLog(value: unknown): value is LedgerLog {
  return typeof value === 'string' && (LEDGER_LOGS as readonly string[]).includes(value);
}
