import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { isEnvironment, type Environment } from '../environment';
import { noteFailure, throttledFor } from './failedAuthThrottle';
import type { Scope } from './scopes';
import { sourceAllowed } from './sourceNetworks';
import type { TokenFailure, TokenRefusal } from './tokenFailures';
import { hashTokenSecret, parseTokenSecret } from './tokenFormat';

export interface TokenPrincipal {
  id: string;
  name: string;
  prefix: string;
  environment: Environment;
  scopes: string[];
}

export type TokenCheck = { ok: true; token: TokenPrincipal } | TokenRefusal;

// last_used_at is written at most this often per token, never once per request.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Checks an `Authorization: Bearer` header for a live token carrying `scope`, used from an allowed source. */
export async function authenticateToken(authorization: string | null, scope: Scope, ip: string): Promise<TokenCheck> {
  const wait = throttledFor(ip);
  if (wait > 0) {
    return { ok: false, status: 429, code: 'rate_limited', retryAfterSeconds: wait, reason: `too many failed token attempts from ${ip}; retry in ${wait} s` };
  }
  const refuse = async (code: TokenFailure, reason: string): Promise<TokenRefusal> => {
    if (noteFailure(ip)) {
      // Once per window and source: the moment it starts looking like guessing.
      await recordConsoleAction({ actor: { id: null, label: 'token' }, action: 'token.auth_throttled', target: `source:${ip}`, sourceIp: ip, details: { last_reason: code } })
        .catch(() => {});
    }
    return { ok: false, status: 401, code, reason };
  };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return refuse('missing', 'missing bearer token (Authorization: Bearer wdn_…)');
  const secret = match[1]!;
  if (!parseTokenSecret(secret)) return refuse('malformed', 'malformed token (bad format or checksum)');
  const row = await db().apiToken.findUnique({ where: { tokenHash: hashTokenSecret(secret) } });
  if (!row) return refuse('unknown', 'unknown token');
  const now = Date.now();
  if (row.revokedAt) return refuse('revoked', `token ${row.prefix} was revoked`);
  if (row.expiresAt && row.expiresAt.getTime() <= now) {
    return row.supersededAt
      ? refuse('rotated', `token ${row.prefix} was rotated; its grace period ended (expired ${row.expiresAt.toISOString()})`)
      : refuse('expired', `token ${row.prefix} expired`);
  }
  // The database refuses console-bound tokens (a CHECK constraint); this keeps the type honest.
  if (!isEnvironment(row.environment)) return refuse('no_environment', `token ${row.prefix} is not bound to an environment`);
  if (!sourceAllowed(ip, row.allowedCidrs ?? [])) {
    return { ok: false, status: 403, code: 'source_not_allowed', reason: `token ${row.prefix} is not accepted from ${ip}` };
  }
  if (!row.scopes.includes(scope)) return { ok: false, status: 403, code: 'insufficient_scope', reason: `token ${row.prefix} lacks the ${scope} scope` };
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now), lastUsedIp: ip } }).catch(() => {});
  }
  return { ok: true, token: { id: row.id, name: row.name, prefix: row.prefix, environment: row.environment, scopes: row.scopes } };
}
