import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Environment } from '../environment';
import { chainHash } from '../ledger/hashes';
import { merkleFromRow } from '../ledger/merkleState';
import { copyLine } from './copyText';
import { STRING_FIELDS, type ExecutionRecord } from './executionRecord';

/** A line ready to append: its leaf hash is computed before the log head is locked. */
export type BatchItem =
  | { kind: 'execution'; line: number; record: ExecutionRecord; rawSha256: Buffer; leaf: Buffer }
  | { kind: 'quarantined'; line: number; reason: string; raw: Buffer; rawSha256: Buffer; leaf: Buffer };

export interface StoreResult {
  accepted: number;
  duplicates: number;
  quarantined: number;
  firstSeq: number | null;
  lastSeq: number | null;
}

export const EXECUTION_COLUMNS = ['environment', 'ingested_at', 'token_id', 'seq', 'id', 'timestamp', ...STRING_FIELDS, 'arguments', 'output',
  'is_error', 'duration_ms', 'input_tokens', 'output_tokens', 'side_effects', 'attributes', 'raw_sha256', 'leaf_hash', 'chain_hash'];
const COPY_EXECUTIONS = `COPY executions (${EXECUTION_COLUMNS.map((name) => `"${name}"`).join(', ')}) FROM STDIN`;

const INSERT_QUARANTINED = `INSERT INTO quarantined_lines (environment, ingested_at, token_id, seq, line, reason, raw, raw_sha256, leaf_hash, chain_hash)
  SELECT $1::"Environment", $2::timestamptz, $3::uuid, * FROM unnest($4::bigint[], $5::int4[], $6::text[], $7::bytea[], $8::bytea[], $9::bytea[], $10::bytea[])`;

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function dedupeKey(item: BatchItem): string {
  return item.kind === 'execution' ? `id:${item.record.id}` : `raw:${item.rawSha256.toString('hex')}`;
}

/** One `executions` row in COPY text format (also what bench:ingest's COPY baseline sends). */
export function executionLine(environment: Environment, ingestedAt: Date, tokenId: string | null, seq: number, record: ExecutionRecord, rawSha256: Buffer, leaf: Buffer, chain: Buffer): string {
  return copyLine([environment, ingestedAt, tokenId, seq, record.id, record.timestamp, ...STRING_FIELDS.map((field) => record[field]),
    json(record.arguments), json(record.output), record.is_error, record.duration_ms, record.input_tokens, record.output_tokens,
    json(record.side_effects), json(record.attributes), rawSha256, leaf, chain]);
}

/**
 * Appends a request's items to the environment's log in the caller's open transaction: locks the
 * log head, skips keys already stored (exactly once), numbers the rest gaplessly, chains their
 * hashes, COPYs the executions and inserts the rest with one statement per table.
 */
export async function storeBatch(client: pg.PoolClient, environment: Environment, tokenId: string | null, items: BatchItem[]): Promise<StoreResult> {
  const head = await client.query<{ next_seq: string; chain_hash: Buffer; now: Date; merkle_size: string; merkle_peaks: Buffer[] | null }>(
    'SELECT next_seq, chain_hash, now() AS now, merkle_size, merkle_peaks FROM log_heads WHERE environment = $1 FOR UPDATE', [environment]);
  if (!head.rows[0]) throw new Error(`no log head for ${environment}`);
  // Advance the Merkle state only when it is level with the log; otherwise catchUpMerkleState does.
  const merkle = head.rows[0].merkle_size === head.rows[0].next_seq
    ? merkleFromRow(head.rows[0].merkle_size, head.rows[0].merkle_peaks)
    : null;
  const ingestedAt = head.rows[0].now;
  const keys = items.map(dedupeKey);
  const existing = await client.query<{ key: string }>('SELECT key FROM ingest_keys WHERE environment = $1 AND key = ANY($2::text[])', [environment, keys]);
  const seen = new Set(existing.rows.map((row) => row.key));

  let seq = Number(head.rows[0].next_seq);
  const firstSeq = seq;
  let chain = head.rows[0].chain_hash;
  const newKeys: string[] = [];
  const keySeqs: number[] = [];
  const executionLines: string[] = [];
  const quarantineColumns: unknown[][] = Array.from({ length: 7 }, () => []);
  items.forEach((item, index) => {
    const key = keys[index]!;
    if (seen.has(key)) return;
    seen.add(key);
    chain = chainHash(chain, item.leaf);
    merkle?.append(item.leaf);
    newKeys.push(key);
    keySeqs.push(seq);
    if (item.kind === 'execution') {
      executionLines.push(executionLine(environment, ingestedAt, tokenId, seq, item.record, item.rawSha256, item.leaf, chain));
    } else {
      [seq, item.line, item.reason, item.raw, item.rawSha256, item.leaf, chain].forEach((value, column) => quarantineColumns[column]!.push(value));
    }
    seq++;
  });

  if (newKeys.length > 0) {
    await client.query('INSERT INTO ingest_keys (environment, key, seq) SELECT $1, * FROM unnest($2::text[], $3::bigint[])', [environment, newKeys, keySeqs]);
    // One chunk, not one per row: per-chunk socket writes dominated the COPY cost.
    if (executionLines.length > 0) await pipeline(Readable.from([executionLines.join('')]), client.query(copyFrom(COPY_EXECUTIONS)));
    if (quarantineColumns[0]!.length > 0) await client.query(INSERT_QUARANTINED, [environment, ingestedAt, tokenId, ...quarantineColumns]);
    await client.query(
      `UPDATE log_heads SET next_seq = $2, chain_hash = $3, updated_at = now(),
         merkle_size = COALESCE($4, merkle_size), merkle_peaks = COALESCE($5::bytea[], merkle_peaks) WHERE environment = $1`,
      [environment, seq, chain, merkle ? merkle.size : null, merkle ? merkle.hashes : null]);
  }
  return {
    accepted: executionLines.length,
    duplicates: items.length - newKeys.length,
    quarantined: quarantineColumns[0]!.length,
    firstSeq: newKeys.length > 0 ? firstSeq : null,
    lastSeq: newKeys.length > 0 ? seq - 1 : null,
  };
}
