import { db } from '../db/client';
import { isEnvironment, type Environment } from '../environment';
import type { Scope } from './scopes';
import { hashTokenSecret, parseTokenSecret } from './tokenFormat';

export interface TokenPrincipal {
  id: string;
  name: string;
  prefix: string;
  environment: Environment;
  scopes: string[];
}

export type TokenCheck =
  | { ok: true; token: TokenPrincipal }
  | { ok: false; status: 401 | 403; reason: string };

// last_used_at is written at most this often per token, never once per request.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Checks an `Authorization: Bearer` header for a live token carrying `scope`. */
export async function authenticateToken(authorization: string | null, scope: Scope, ip: string): Promise<TokenCheck> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return { ok: false, status: 401, reason: 'missing bearer token (Authorization: Bearer wdn_…)' };
  const secret = match[1]!;
  if (!parseTokenSecret(secret)) return { ok: false, status: 401, reason: 'malformed token (bad format or checksum)' };
  const row = await db().apiToken.findUnique({ where: { tokenHash: hashTokenSecret(secret) } });
  if (!row) return { ok: false, status: 401, reason: 'unknown token' };
  const now = Date.now();
  if (row.revokedAt) return { ok: false, status: 401, reason: `token ${row.prefix} was revoked` };
  if (row.expiresAt && row.expiresAt.getTime() <= now) return { ok: false, status: 401, reason: `token ${row.prefix} expired` };
  // The database refuses console-bound tokens (a CHECK constraint); this keeps the type honest.
  if (!isEnvironment(row.environment)) return { ok: false, status: 401, reason: `token ${row.prefix} is not bound to an environment` };
  if (!row.scopes.includes(scope)) return { ok: false, status: 403, reason: `token ${row.prefix} lacks the ${scope} scope` };
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now), lastUsedIp: ip } }).catch(() => {});
  }
  return { ok: true, token: { id: row.id, name: row.name, prefix: row.prefix, environment: row.environment, scopes: row.scopes } };
}
