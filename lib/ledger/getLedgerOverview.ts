import { pool } from '../db/pool';
import type { LedgerLog } from '../environment';
import { findCheckpoint, type StoredCheckpoint } from './checkpoints';
import { ledgerSigner } from './ledgerIdentity';

export interface LedgerOverview {
  size: number;
  latest: StoredCheckpoint | null;
  history: Array<{ size: number; rootHash: string; createdAt: Date; keyId: string }>;
  verifierKey: string;
}

/** What the Ledger page shows for one log. */
export async function getLedgerOverview(environment: LedgerLog): Promise<LedgerOverview> {
  const [head, latest, history, signer] = await Promise.all([
    pool().query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment]),
    findCheckpoint(environment),
    pool().query<{ size: string; root_hash: Buffer; created_at: Date; key_id: string }>(
      'SELECT size, root_hash, created_at, key_id FROM checkpoints WHERE environment = $1 ORDER BY size DESC LIMIT 20', [environment]),
    ledgerSigner(),
  ]);
  return {
    size: Number(head.rows[0]?.next_seq ?? 0),
    latest,
    history: history.rows.map((row) => ({ size: Number(row.size), rootHash: row.root_hash.toString('base64'), createdAt: row.created_at, keyId: row.key_id })),
    verifierKey: signer.verifierKey,
  };
}
