import type pg from 'pg';
import { CompactRange } from './merkle';

export interface LogHead {
  nextSeq: number;
  chainHash: Buffer;
  merkle: CompactRange;
}

/** The Merkle state as `log_heads` stores it (size and peak hashes). */
export function merkleFromRow(size: string | number, peaks: Buffer[] | null): CompactRange {
  return CompactRange.fromJSON({ size: Number(size), hashes: (peaks ?? []).map((peak) => peak.toString('base64')) });
}

/** Leaf hashes of entries [from, to) of a log (executions, quarantined lines or console actions), in seq order. */
export async function readLeafHashes(client: pg.ClientBase, environment: string, from: number, to: number): Promise<Buffer[]> {
  const { rows } = await client.query<{ seq: string; leaf_hash: Buffer }>(
    `SELECT seq, leaf_hash FROM executions WHERE environment = $1 AND seq >= $2 AND seq < $3
     UNION ALL SELECT seq, leaf_hash FROM quarantined_lines WHERE environment = $1 AND seq >= $2 AND seq < $3
     UNION ALL SELECT seq, leaf_hash FROM console_actions WHERE environment = $1 AND seq >= $2 AND seq < $3
     ORDER BY seq`, [environment, from, to]);
  rows.forEach((row, index) => {
    if (Number(row.seq) !== from + index) throw new Error(`log ${environment} has no entry ${from + index}`);
  });
  return rows.map((row) => row.leaf_hash);
}

/**
 * Locks the log head (caller's transaction) and brings its Merkle state level with the log, reading
 * only the entries it has not yet absorbed (all of them once, after the migration that added it).
 */
export async function lockHeadWithMerkleState(client: pg.ClientBase, environment: string): Promise<LogHead> {
  const { rows } = await client.query<{ next_seq: string; chain_hash: Buffer; merkle_size: string; merkle_peaks: Buffer[] | null }>(
    'SELECT next_seq, chain_hash, merkle_size, merkle_peaks FROM log_heads WHERE environment = $1 FOR UPDATE', [environment]);
  const head = rows[0];
  if (!head) throw new Error(`no log head for ${environment}`);
  const nextSeq = Number(head.next_seq);
  const merkle = merkleFromRow(head.merkle_size, head.merkle_peaks);
  const BATCH = 50_000;
  for (let from = merkle.size; from < nextSeq; from += BATCH) {
    merkle.appendMany(await readLeafHashes(client, environment, from, Math.min(nextSeq, from + BATCH)));
  }
  if (merkle.size !== Number(head.merkle_size)) {
    await client.query('UPDATE log_heads SET merkle_size = $2, merkle_peaks = $3::bytea[] WHERE environment = $1', [environment, merkle.size, merkle.hashes]);
  }
  return { nextSeq, chainHash: head.chain_hash, merkle };
}
