import type pg from 'pg';
import type { Environment } from '../environment';
import { canonicalBytes, chainHash, executionDocument, leafHash, quarantineDocument } from '../ledger';
import { STRING_FIELDS, type ExecutionRecord } from './executionRecord';

export type BatchItem =
  | { kind: 'execution'; line: number; record: ExecutionRecord; rawSha256: Buffer }
  | { kind: 'quarantined'; line: number; reason: string; raw: Buffer; rawSha256: Buffer };

export interface StoreResult {
  accepted: number;
  duplicates: number;
  quarantined: number;
  firstSeq: number | null;
  lastSeq: number | null;
}

const EXECUTION_COLUMNS = [
  ['seq', 'bigint'], ['id', 'text'], ['timestamp', 'timestamptz'],
  ...STRING_FIELDS.map((field) => [field, 'text'] as const),
  ['arguments', 'jsonb'], ['output', 'jsonb'], ['is_error', 'boolean'], ['duration_ms', 'float8'], ['input_tokens', 'int4'],
  ['output_tokens', 'int4'], ['side_effects', 'jsonb'], ['attributes', 'jsonb'], ['raw_sha256', 'bytea'], ['leaf_hash', 'bytea'],
  ['chain_hash', 'bytea'],
] as const;

const INSERT_EXECUTIONS = `INSERT INTO executions (environment, ingested_at, token_id, ${EXECUTION_COLUMNS.map(([name]) => `"${name}"`).join(', ')})
  SELECT $1::"Environment", now(), $2::uuid, * FROM unnest(${EXECUTION_COLUMNS.map(([, type], i) => `$${i + 3}::${type}[]`).join(', ')})`;

const INSERT_QUARANTINED = `INSERT INTO quarantined_lines (environment, ingested_at, token_id, seq, line, reason, raw, raw_sha256, leaf_hash, chain_hash)
  SELECT $1::"Environment", now(), $2::uuid, * FROM unnest($3::bigint[], $4::int4[], $5::text[], $6::bytea[], $7::bytea[], $8::bytea[], $9::bytea[])`;

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function dedupeKey(item: BatchItem): string {
  return item.kind === 'execution' ? `id:${item.record.id}` : `raw:${item.rawSha256.toString('hex')}`;
}

/**
 * Appends a request's items to the environment's log in the caller's open transaction: locks the
 * log head, skips keys already stored (exactly once), numbers the rest gaplessly, chains their
 * hashes and inserts each table with one multi-row statement.
 */
export async function storeBatch(client: pg.PoolClient, environment: Environment, tokenId: string | null, items: BatchItem[]): Promise<StoreResult> {
  const head = await client.query<{ next_seq: string; chain_hash: Buffer }>(
    'SELECT next_seq, chain_hash FROM log_heads WHERE environment = $1 FOR UPDATE', [environment]);
  if (!head.rows[0]) throw new Error(`no log head for ${environment}`);
  const keys = items.map(dedupeKey);
  const existing = await client.query<{ key: string }>('SELECT key FROM ingest_keys WHERE environment = $1 AND key = ANY($2::text[])', [environment, keys]);
  const seen = new Set(existing.rows.map((row) => row.key));

  let seq = Number(head.rows[0].next_seq);
  const firstSeq = seq;
  let chain = head.rows[0].chain_hash;
  const newKeys: string[] = [];
  const keySeqs: number[] = [];
  const executionRows: unknown[][] = EXECUTION_COLUMNS.map(() => []);
  const quarantineRows: unknown[][] = Array.from({ length: 7 }, () => []);
  let duplicates = 0;
  items.forEach((item, index) => {
    const key = keys[index]!;
    if (seen.has(key)) {
      duplicates++;
      return;
    }
    seen.add(key);
    const document = item.kind === 'execution'
      ? executionDocument(item.record, item.rawSha256)
      : quarantineDocument(environment, item.line, item.reason, item.rawSha256);
    const leaf = leafHash(canonicalBytes(document));
    chain = chainHash(chain, leaf);
    newKeys.push(key);
    keySeqs.push(seq);
    if (item.kind === 'execution') {
      const record = item.record;
      const values = [seq, record.id, record.timestamp, ...STRING_FIELDS.map((field) => record[field] ?? null),
        json(record.arguments), json(record.output), record.is_error, record.duration_ms ?? null, record.input_tokens ?? null,
        record.output_tokens ?? null, json(record.side_effects), json(record.attributes), item.rawSha256, leaf, chain];
      values.forEach((value, column) => executionRows[column]!.push(value));
    } else {
      [seq, item.line, item.reason, item.raw, item.rawSha256, leaf, chain].forEach((value, column) => quarantineRows[column]!.push(value));
    }
    seq++;
  });

  if (newKeys.length > 0) {
    await client.query('INSERT INTO ingest_keys (environment, key, seq) SELECT $1, * FROM unnest($2::text[], $3::bigint[])', [environment, newKeys, keySeqs]);
    if (executionRows[0]!.length > 0) await client.query(INSERT_EXECUTIONS, [environment, tokenId, ...executionRows]);
    if (quarantineRows[0]!.length > 0) await client.query(INSERT_QUARANTINED, [environment, tokenId, ...quarantineRows]);
    await client.query('UPDATE log_heads SET next_seq = $2, chain_hash = $3, updated_at = now() WHERE environment = $1', [environment, seq, chain]);
  }
  return {
    accepted: executionRows[0]!.length,
    duplicates,
    quarantined: quarantineRows[0]!.length,
    firstSeq: newKeys.length > 0 ? firstSeq : null,
    lastSeq: newKeys.length > 0 ? seq - 1 : null,
  };
}
