import { recordConsoleAction, SYSTEM_ACTOR, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import type { Environment } from '../environment';
import { isScope, SCOPES, type Scope } from './scopes';
import { parseCidr } from './sourceNetworks';
import { generateTokenSecret, hashTokenSecret, parseTokenSecret } from './tokenFormat';

export class TokenInputError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

export interface CreateTokenInput {
  name: string;
  environment: Environment;
  scopes: string[];
  /** Days until expiry; default 90; 0 means never. */
  expiresInDays?: number;
  createdBy?: string;
  /** Source networks (CIDR or single addresses) the token is accepted from; empty or absent: anywhere. */
  allowedCidrs?: string[];
  /** The agent the token is for: its scopes may not exceed that agent's policy maxScopes. */
  agentId?: string | null;
  /** Set by rotation: the token this one replaces. */
  rotatedFromId?: string;
}

export interface CreatedToken {
  id: string;
  /** The secret: shown once, stored only as SHA-256. */
  token: string;
  prefix: string;
  expiresAt: Date | null;
}

export const MAX_EXPIRY_DAYS = 3650;

/** Checks everything about a new token but the secret; throws TokenInputError naming the field. */
export async function checkTokenInput(input: CreateTokenInput): Promise<{ name: string; scopes: Scope[]; days: number; cidrs: string[]; agentId: string | null }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new TokenInputError('name must be 1–100 characters', 'name');
  const unknown = input.scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0 || input.scopes.length === 0) {
    throw new TokenInputError(`scopes must be some of ${SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`, 'scopes');
  }
  const days = input.expiresInDays ?? 90;
  if (!Number.isInteger(days) || days < 0 || days > MAX_EXPIRY_DAYS) throw new TokenInputError(`expiry must be 0–${MAX_EXPIRY_DAYS} days (0: never)`, 'expiresInDays');
  const cidrs: string[] = [];
  for (const entry of input.allowedCidrs ?? []) {
    const parsed = parseCidr(entry);
    if ('problem' in parsed) throw new TokenInputError(parsed.problem, 'allowedCidrs');
    if (!cidrs.includes(parsed.cidr)) cidrs.push(parsed.cidr);
  }
  const scopes = [...new Set(input.scopes as Scope[])];
  const agentId = input.agentId?.trim() || null;
  if (agentId) {
    const policy = await db().agentPolicy.findFirst({ where: { agentId }, orderBy: { version: 'desc' } });
    const beyond = policy ? scopes.filter((scope) => !policy.maxScopes.includes(scope)) : [];
    if (beyond.length > 0) {
      throw new TokenInputError(`the policy for agent ${agentId} (v${policy!.version}) allows at most ${policy!.maxScopes.join(', ') || 'no scopes'}; remove ${beyond.join(', ')}`, 'scopes');
    }
  }
  return { name, scopes, days, cidrs, agentId };
}

export async function createToken(input: CreateTokenInput, actor: ConsoleActor = SYSTEM_ACTOR): Promise<CreatedToken> {
  const { name, scopes, days, cidrs, agentId } = await checkTokenInput(input);
  const token = generateTokenSecret(input.environment);
  const { prefix } = parseTokenSecret(token)!;
  const expiresAt = days === 0 ? null : new Date(Date.now() + days * 86_400_000);
  const row = await db().apiToken.create({
    data: {
      name, prefix, environment: input.environment, scopes,
      tokenHash: hashTokenSecret(token), expiresAt, createdBy: input.createdBy ?? null,
      allowedCidrs: cidrs, agentId, rotatedFromId: input.rotatedFromId ?? null,
    },
  });
  // The ledger learns everything but the secret.
  if (!input.rotatedFromId) {
    await recordConsoleAction({
      actor, action: 'token.created', target: `token:${prefix}`,
      details: { name, environment: input.environment, scopes: row.scopes, expires_at: expiresAt?.toISOString() ?? null,
        ...(cidrs.length ? { allowed_cidrs: cidrs } : {}), ...(agentId ? { agent_id: agentId } : {}) },
    });
  }
  return { id: row.id, token, prefix, expiresAt };
}
