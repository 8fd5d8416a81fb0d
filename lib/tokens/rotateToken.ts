import { recordConsoleAction, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import { isEnvironment } from '../environment';
import { checkTokenInput, createToken, TokenInputError, type CreatedToken } from './createToken';

export const MAX_GRACE_HOURS = 24 * 30;

/**
 * Issues a new token with the old one's name, environment, scopes, sources and agent (and a fresh
 * expiry of `expiresInDays`, default 90), and lets the old one work for `graceHours` more (default
 * 24; 0 ends it now), after which it fails with the reason `rotated`.
 */
export async function rotateToken(id: string, options: { graceHours?: number; expiresInDays?: number; createdBy?: string }, actor: ConsoleActor): Promise<CreatedToken & { oldPrefix: string; graceUntil: Date; environment: 'staging' | 'production'; scopes: string[] }> {
  const graceHours = options.graceHours ?? 24;
  if (!Number.isFinite(graceHours) || graceHours < 0 || graceHours > MAX_GRACE_HOURS) throw new TokenInputError(`grace period must be 0–${MAX_GRACE_HOURS} hours`, 'graceHours');
  const old = await db().apiToken.findUnique({ where: { id } });
  if (!old) throw new TokenInputError('no such token', 'id');
  if (!isEnvironment(old.environment)) throw new TokenInputError('token is not bound to an environment', 'id');
  const now = new Date();
  if (old.revokedAt) throw new TokenInputError(`token ${old.prefix} is revoked; create a new one instead`, 'id');
  if (old.supersededAt) throw new TokenInputError(`token ${old.prefix} was already rotated`, 'id');
  if (old.expiresAt && old.expiresAt <= now) throw new TokenInputError(`token ${old.prefix} has expired; create a new one instead`, 'id');
  const successor = {
    name: old.name, environment: old.environment, scopes: old.scopes, expiresInDays: options.expiresInDays ?? 90,
    createdBy: options.createdBy, allowedCidrs: old.allowedCidrs, agentId: old.agentId, rotatedFromId: old.id,
  };
  await checkTokenInput(successor); // e.g. the agent's policy lowered its scope ceiling: refuse before touching the old token
  const graceEnd = new Date(now.getTime() + graceHours * 3_600_000);
  const graceUntil = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
  // Claim the old token first (only one rotation wins a race), then issue its successor.
  const { count } = await db().apiToken.updateMany({ where: { id, supersededAt: null, revokedAt: null }, data: { supersededAt: now, expiresAt: graceUntil } });
  if (count === 0) throw new TokenInputError(`token ${old.prefix} was just rotated or revoked by someone else`, 'id');
  const created = await createToken(successor, actor);
  await recordConsoleAction({
    actor, action: 'token.rotated', target: `token:${old.prefix}`,
    details: { new_prefix: created.prefix, grace_until: graceUntil.toISOString(), expires_at: created.expiresAt?.toISOString() ?? null },
  });
  return { ...created, oldPrefix: old.prefix, graceUntil, environment: old.environment, scopes: old.scopes };
}
