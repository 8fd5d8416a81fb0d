import { z } from 'zod';
import type { ConsoleActor } from '../audit';
import { ENVIRONMENTS } from '../environment';
import {
  createToken, ingestSnippets, MAX_EXPIRY_DAYS, MAX_GRACE_HOURS, revokeToken, rotateToken, SCOPES, TokenInputError, type IngestSnippets,
} from '../tokens';
import { asResult, optional, parseInput, type AdminResult } from './adminResult';

const list = (value: unknown) => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : []);

export const createTokenInput = z.object({
  name: z.string({ error: 'name the token' }).trim().min(1, 'name the token (e.g. vector-prod)').max(100, 'at most 100 characters'),
  environment: z.enum(ENVIRONMENTS, { error: 'choose staging or production' }),
  scopes: z.preprocess(list, z.array(z.enum(SCOPES, { error: 'unknown scope' })).min(1, 'choose at least one scope')),
  expiresInDays: z.preprocess((value) => (value === '' || value === undefined ? 90 : value),
    z.coerce.number({ error: 'days, a whole number' }).int('days, a whole number').min(0).max(MAX_EXPIRY_DAYS, `at most ${MAX_EXPIRY_DAYS} days`)),
  allowedCidrs: z.preprocess(list, z.array(z.string()).max(50, 'at most 50 networks')),
  agentId: optional(z.string().trim().max(200)),
});

export interface ShownToken {
  token: string;
  prefix: string;
  environment: string;
  expiresAt: string | null;
  snippets: IngestSnippets | null;
}

/** Creates a token; the secret and (for ingest tokens) shipper snippets are returned once, never stored. */
export async function createTokenCommand(input: unknown, actor: ConsoleActor, origin: string): Promise<AdminResult<ShownToken>> {
  const parsed = parseInput(createTokenInput, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  return asResult('name', TokenInputError, async () => {
    const created = await createToken({ ...value, createdBy: actor.label }, actor);
    return shown(created, value.environment, value.scopes, origin);
  });
}

function shown(created: { token: string; prefix: string; expiresAt: Date | null }, environment: (typeof ENVIRONMENTS)[number], scopes: string[], origin: string): ShownToken {
  return {
    token: created.token, prefix: created.prefix, environment, expiresAt: created.expiresAt?.toISOString() ?? null,
    snippets: scopes.includes('ingest:write') ? ingestSnippets(origin, created.token, environment) : null,
  };
}

const tokenId = z.uuid({ error: 'is not a token id' });

export async function revokeTokenCommand(input: unknown, actor: ConsoleActor): Promise<AdminResult<{ prefix: string; revoked: boolean }>> {
  const parsed = parseInput(z.object({ id: tokenId }), input);
  if (!parsed.ok) return parsed;
  return asResult('id', TokenInputError, () => revokeToken(parsed.value.id, actor));
}

export async function rotateTokenCommand(input: unknown, actor: ConsoleActor, origin: string): Promise<AdminResult<ShownToken & { oldPrefix: string; graceUntil: string }>> {
  const parsed = parseInput(z.object({
    id: tokenId,
    graceHours: z.preprocess((value) => (value === '' || value === undefined ? 24 : value),
      z.coerce.number({ error: 'hours, a number' }).min(0).max(MAX_GRACE_HOURS, `at most ${MAX_GRACE_HOURS} hours`)),
  }), input);
  if (!parsed.ok) return parsed;
  return asResult('id', TokenInputError, async () => {
    const rotated = await rotateToken(parsed.value.id, { graceHours: parsed.value.graceHours, createdBy: actor.label }, actor);
    return { ...shown(rotated, rotated.environment, rotated.scopes, origin), oldPrefix: rotated.oldPrefix, graceUntil: rotated.graceUntil.toISOString() };
  });
}
