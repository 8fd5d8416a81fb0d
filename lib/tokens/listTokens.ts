import { db } from '../db/client';

export type TokenStatus = 'active' | 'grace' | 'expired' | 'revoked' | 'rotated';

export interface TokenListItem {
  id: string;
  name: string;
  prefix: string;
  environment: string;
  scopes: string[];
  allowedCidrs: string[];
  agentId: string | null;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  status: TokenStatus;
}

export function tokenStatus(row: { revokedAt: Date | null; expiresAt: Date | null; supersededAt: Date | null }, now = new Date()): TokenStatus {
  if (row.revokedAt) return 'revoked';
  const expired = row.expiresAt !== null && row.expiresAt <= now;
  if (row.supersededAt) return expired ? 'rotated' : 'grace';
  return expired ? 'expired' : 'active';
}

/** Every token, live ones first, newest first; never the secret (only its hash is stored). */
export async function listTokens(): Promise<TokenListItem[]> {
  const rows = await db().apiToken.findMany({ orderBy: { createdAt: 'desc' } });
  const now = new Date();
  const items = rows.map((row) => ({
    id: row.id, name: row.name, prefix: row.prefix, environment: row.environment, scopes: row.scopes, allowedCidrs: row.allowedCidrs ?? [],
    agentId: row.agentId, createdBy: row.createdBy, createdAt: row.createdAt, expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt, lastUsedIp: row.lastUsedIp, revokedAt: row.revokedAt, status: tokenStatus(row, now),
  }));
  const live = (item: TokenListItem) => (item.status === 'active' || item.status === 'grace' ? 0 : 1);
  return items.sort((a, b) => live(a) - live(b));
}
