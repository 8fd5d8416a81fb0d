import { recordConsoleAction, SYSTEM_ACTOR, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import type { Environment } from '../environment';
import { isScope, SCOPES, type Scope } from './scopes';
import { generateTokenSecret, hashTokenSecret, parseTokenSecret } from './tokenFormat';

export class TokenInputError extends Error {}

export interface CreateTokenInput {
  name: string;
  environment: Environment;
  scopes: string[];
  /** Days until expiry; default 90; 0 means never. */
  expiresInDays?: number;
  createdBy?: string;
}

export interface CreatedToken {
  id: string;
  /** The secret: shown once, stored only as SHA-256. */
  token: string;
  prefix: string;
  expiresAt: Date | null;
}

export async function createToken(input: CreateTokenInput, actor: ConsoleActor = SYSTEM_ACTOR): Promise<CreatedToken> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new TokenInputError('name must be 1–100 characters');
  const unknown = input.scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0 || input.scopes.length === 0) {
    throw new TokenInputError(`scopes must be some of ${SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  const days = input.expiresInDays ?? 90;
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw new TokenInputError('expiry must be 0–3650 days (0: never)');
  const token = generateTokenSecret(input.environment);
  const { prefix } = parseTokenSecret(token)!;
  const expiresAt = days === 0 ? null : new Date(Date.now() + days * 86_400_000);
  const row = await db().apiToken.create({
    data: {
      name, prefix, environment: input.environment, scopes: [...new Set(input.scopes as Scope[])],
      tokenHash: hashTokenSecret(token), expiresAt, createdBy: input.createdBy ?? null,
    },
  });
  // The ledger learns everything but the secret.
  await recordConsoleAction({
    actor, action: 'token.created', target: `token:${prefix}`,
    details: { name, environment: input.environment, scopes: row.scopes, expires_at: expiresAt?.toISOString() ?? null },
  });
  return { id: row.id, token, prefix, expiresAt };
}
