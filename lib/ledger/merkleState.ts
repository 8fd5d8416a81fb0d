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

/** A log head as an append reads it: locked, with the transaction's clock (lockHeadForAppendSql). */
export type AppendHead = { next_seq: string; chain_hash: Buffer; now: Date; merkle_size: string; merkle_peaks: Buffer[] | null };

/** Locks a log head for an append (ingest and the console log alike); the environment comes as a SQL literal. */
export const lockHeadForAppendSql = (environmentLiteral: string): string =>
  `SELECT next_seq, chain_hash, now() AS now, merkle_size, merkle_peaks FROM log_heads WHERE environment = ${environmentLiteral} FOR UPDATE`;

/** The Merkle state an append advances, if it is level with the log; otherwise lockHeadWithMerkleState catches up later. */
export const merkleToAdvance = (head: AppendHead): CompactRange | null =>
  head.merkle_size === head.next_seq ? merkleFromRow(head.merkle_size, head.merkle_peaks) : null;

const sqlBytea = (bytes: Buffer) => `'\\x${bytes.toString('hex')}'::bytea`;

/** Moves a log head past an append. Literals: numbers and hashes computed here, the environment already a SQL literal. */
export function advanceHeadSql(environmentLiteral: string, nextSeq: number, chain: Buffer, merkle: CompactRange | null): string {
  return `UPDATE log_heads SET next_seq = ${nextSeq}, chain_hash = ${sqlBytea(chain)}, updated_at = now(),
      merkle_size = ${merkle ? merkle.size : 'merkle_size'}, merkle_peaks = ${merkle ? `ARRAY[${merkle.hashes.map(sqlBytea).join(',')}]::bytea[]` : 'merkle_peaks'}
      WHERE environment = ${environmentLiteral}`;
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
