import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Environment } from '../environment';
import { chainHash } from '../ledger/hashes';
import { advanceHeadSql, lockHeadForAppendSql, merkleToAdvance, type AppendHead } from '../ledger/merkleState';
import { copyText } from './copyText';
import { STRING_FIELDS } from './executionRecord';

/**
 * A line ready to append: its leaf hash (and, for executions, its COPY columns: bytes
 * [columnsStart, columnsEnd) of the batch's copyData) computed before the log head is locked.
 */
export type BatchItem =
  | { kind: 'execution'; line: number; id: string; rawSha256: Buffer; leaf: Buffer; columnsStart: number; columnsEnd: number }
  | { kind: 'quarantined'; line: number; reason: string; raw: Buffer; rawSha256: Buffer; leaf: Buffer };

/** A request's items in request order, with the executions' COPY columns packed in one buffer. */
export interface Batch {
  items: BatchItem[];
  copyData: Buffer;
}

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

function dedupeKey(item: BatchItem): string {
  return item.kind === 'execution' ? `id:${item.id}` : `raw:${item.rawSha256.toString('hex')}`;
}

const rowPrefix = (environment: Environment, ingestedAt: Date, tokenId: string | null) => `${environment}\t${copyText(ingestedAt)}\t${copyText(tokenId)}\t`;
// Per row beyond its packed columns: the prefix, seq, two tabs, the chain as \\x + 64 hex digits, newline.
const ROW_OVERHEAD_BYTES = 20 + 2 + 3 + 64 + 1;

/** One `executions` row in COPY text format (also what bench:ingest's COPY baseline sends). */
export function executionLine(environment: Environment, ingestedAt: Date, tokenId: string | null, seq: number, copyColumns: string, chain: Buffer): string {
  return `${rowPrefix(environment, ingestedAt, tokenId)}${seq}\t${copyColumns}\t${copyText(chain)}\n`;
}

const sqlTextArray = (client: pg.ClientBase, values: string[]) =>
  `${client.escapeLiteral(`{${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`)}::text[]`;

/** Keys of `keys` already stored in the environment (exactly once across requests and restarts). */
async function storedKeys(client: pg.ClientBase, environment: Environment, keys: string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ key: string }>('SELECT key FROM ingest_keys WHERE environment = $1 AND key = ANY($2::text[])', [environment, keys]);
  return new Set(rows.map((row) => row.key));
}

export interface AppendOptions {
  /** Waiting longer than this for the log head means the database is saturated (→ 503). */
  lockTimeoutMs: number;
  /** Check stored keys only after locking: exact even when another request stores the same keys at the same moment. */
  dedupeUnderLock?: boolean;
}

/**
 * Appends a request's items to the environment's log in one transaction, on a connection outside
 * any transaction: skips keys already stored (exactly once), locks the log head, numbers the rest
 * gaplessly, chains their hashes, COPYs the executions and commits. Keys are looked up before
 * the lock — a concurrent request storing the same key then makes the key insert fail, and
 * appendToLog retries under the lock — so the lock is held for three round trips only.
 */
export async function appendBatch(client: pg.ClientBase, environment: Environment, tokenId: string | null, batch: Batch, options: AppendOptions): Promise<StoreResult> {
  const { items, copyData } = batch;
  const keys = items.map(dedupeKey);
  const seen = options.dedupeUnderLock ? new Set<string>() : await storedKeys(client, environment, keys);
  const results = await client.query(`BEGIN; SET LOCAL lock_timeout = ${Math.floor(options.lockTimeoutMs)}; SET LOCAL statement_timeout = '60s';
    ${lockHeadForAppendSql(client.escapeLiteral(environment))}`) as unknown as pg.QueryResult[];
  const head = results[3]!.rows[0] as AppendHead | undefined;
  if (!head) throw new Error(`no log head for ${environment}`);
  if (options.dedupeUnderLock) for (const key of await storedKeys(client, environment, keys)) seen.add(key);
  const merkle = merkleToAdvance(head);
  const prefix = Buffer.from(rowPrefix(environment, head.now, tokenId));

  let seq = Number(head.next_seq);
  const firstSeq = seq;
  let chain = head.chain_hash;
  const newKeys: string[] = [];
  const keySeqs: number[] = [];
  // Executions' COPY rows are written straight into one buffer: no per-row strings on this thread.
  const copyRows = Buffer.allocUnsafe(copyData.length + items.length * (prefix.length + ROW_OVERHEAD_BYTES));
  let copyLength = 0;
  let executions = 0;
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
      copyLength += prefix.copy(copyRows, copyLength);
      copyLength += copyRows.write(`${seq}\t`, copyLength, 'latin1');
      copyLength += copyData.copy(copyRows, copyLength, item.columnsStart, item.columnsEnd);
      copyLength += copyRows.write(`\t\\\\x${chain.toString('hex')}\n`, copyLength, 'latin1');
      executions++;
    } else [seq, item.line, item.reason, item.raw, item.rawSha256, item.leaf, chain].forEach((value, column) => quarantineColumns[column]!.push(value));
    seq++;
  });

  if (newKeys.length > 0) {
    // One chunk, not one per row: per-chunk socket writes dominated the COPY cost.
    if (executions > 0) await pipeline(Readable.from([copyRows.subarray(0, copyLength)]), client.query(copyFrom(COPY_EXECUTIONS)));
    if (quarantineColumns[0]!.length > 0) await client.query(INSERT_QUARANTINED, [environment, head.now, tokenId, ...quarantineColumns]);
    // Keys, head and commit in one round trip (literals: our own numbers and hashes, keys escaped).
    await client.query(`INSERT INTO ingest_keys (environment, key, seq) SELECT ${client.escapeLiteral(environment)}, * FROM unnest(${sqlTextArray(client, newKeys)}, '{${keySeqs.join(',')}}'::bigint[]);
      ${advanceHeadSql(client.escapeLiteral(environment), seq, chain, merkle)};
      COMMIT`);
  } else {
    await client.query('COMMIT');
  }
  return {
    accepted: executions,
    duplicates: items.length - newKeys.length,
    quarantined: quarantineColumns[0]!.length,
    firstSeq: newKeys.length > 0 ? firstSeq : null,
    lastSeq: newKeys.length > 0 ? seq - 1 : null,
  };
}
