import type { PoolClient } from 'pg';
import { pool } from '../db/pool';
import type { LedgerLog } from '../environment';
import { anchorCheckpoint } from './anchor';
import { ledgerSigner, logOrigin } from './ledgerIdentity';
import { lockHeadWithMerkleState } from './merkleState';
import { extendMerkleTiles } from './merkleTiles';
import { formatCheckpoint, signNote } from './signedNote';

export interface StoredCheckpoint {
  environment: LedgerLog;
  size: number;
  rootHash: Buffer;
  signedNote: string;
  keyId: string;
  createdAt: Date;
}

type CheckpointRow = { environment: LedgerLog; size: string; root_hash: Buffer; signed_note: string; key_id: string; created_at: Date };
const fromRow = (row: CheckpointRow): StoredCheckpoint => ({
  environment: row.environment, size: Number(row.size), rootHash: row.root_hash, signedNote: row.signed_note, keyId: row.key_id, createdAt: row.created_at,
});

export interface CheckpointOptions {
  /**
   * Store the Merkle tiles completed since the last checkpoint afterwards (default). Hashing ten
   * seconds of a busy log's leaves is half a second or more of this thread, which every ingest
   * request in flight would wait for; the checkpoint job leaves them to extendAllMerkleTiles then.
   */
  extendTiles?: boolean;
}

/**
 * Signs a tree head for the log's current size (C2SP tlog-checkpoint in a signed note) unless one
 * exists. The head row is locked meanwhile, so the size and root belong to one state of the log.
 * Afterwards stores the Merkle tiles the log completed since the last checkpoint.
 */
export async function createCheckpoint(environment: LedgerLog, options: CheckpointOptions = {}): Promise<StoredCheckpoint | null> {
  const signer = await ledgerSigner();
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const head = await lockHeadWithMerkleState(client, environment);
    if (head.nextSeq === 0) {
      await client.query('COMMIT');
      return null;
    }
    const existing = await client.query<CheckpointRow>('SELECT * FROM checkpoints WHERE environment = $1 AND size = $2', [environment, head.nextSeq]);
    if (existing.rows[0]) {
      await client.query('COMMIT');
      return fromRow(existing.rows[0]);
    }
    const rootHash = head.merkle.root();
    const signedNote = signNote(formatCheckpoint({ origin: logOrigin(environment), size: head.nextSeq, rootHash }), [signer]);
    const { rows } = await client.query<CheckpointRow>(
      'INSERT INTO checkpoints (environment, size, root_hash, signed_note, key_id) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [environment, head.nextSeq, rootHash, signedNote, signer.keyId]);
    await client.query('COMMIT');
    const created = fromRow(rows[0]!);
    await anchorCheckpoint(created);
    // Proofs compute missing tiles themselves, so a failure here only makes the next proof slower.
    if (options.extendTiles !== false) await extendTilesOf(client, environment, created.size);
    return created;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The newest checkpoint, or the one for exactly `size` entries. */
export async function findCheckpoint(environment: LedgerLog, size?: number): Promise<StoredCheckpoint | null> {
  const { rows } = size === undefined
    ? await pool().query<CheckpointRow>('SELECT * FROM checkpoints WHERE environment = $1 ORDER BY size DESC LIMIT 1', [environment])
    : await pool().query<CheckpointRow>('SELECT * FROM checkpoints WHERE environment = $1 AND size = $2', [environment, size]);
  return rows[0] ? fromRow(rows[0]) : null;
}

const extendTilesOf = (client: PoolClient, environment: LedgerLog, size: number) =>
  extendMerkleTiles(client, environment, size).catch((error: Error) => console.warn(`Merkle tiles of ${environment} not extended: ${error.message}`));

/** Checkpoints every log that grew since its last one; what the 10-second timer runs. */
export async function checkpointGrownLogs(options: CheckpointOptions = {}): Promise<StoredCheckpoint[]> {
  const { rows } = await pool().query<{ environment: LedgerLog }>(`SELECT h.environment FROM log_heads h
    WHERE h.next_seq > COALESCE((SELECT max(size) FROM checkpoints c WHERE c.environment = h.environment), 0)`);
  const made = await Promise.all(rows.map((row) => createCheckpoint(row.environment, options)));
  return made.filter((checkpoint): checkpoint is StoredCheckpoint => checkpoint !== null);
}

/** Stores every log's Merkle tiles completed so far (what checkpoints left out while ingest was busy). */
export async function extendAllMerkleTiles(): Promise<void> {
  const { rows } = await pool().query<{ environment: LedgerLog; next_seq: string }>('SELECT environment, next_seq FROM log_heads');
  for (const row of rows) {
    const client = await pool().connect();
    try {
      await extendTilesOf(client, row.environment, Number(row.next_seq));
    } finally {
      client.release();
    }
  }
}
