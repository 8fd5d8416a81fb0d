import { recordConsoleAction, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import { TokenInputError } from './createToken';

/** Revokes at once (no grace); revoking a revoked token changes nothing and records nothing. */
export async function revokeToken(id: string, actor: ConsoleActor): Promise<{ prefix: string; revoked: boolean }> {
  const row = await db().apiToken.findUnique({ where: { id } });
  if (!row) throw new TokenInputError('no such token', 'id');
  // Conditional update: two admins revoking together record one revocation.
  const { count } = await db().apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) return { prefix: row.prefix, revoked: false };
  await recordConsoleAction({ actor, action: 'token.revoked', target: `token:${row.prefix}`, details: { name: row.name, environment: row.environment } });
  return { prefix: row.prefix, revoked: true };
}
