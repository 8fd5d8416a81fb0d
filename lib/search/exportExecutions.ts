import { pool } from '../db/pool';
import type { Environment } from '../environment';
import { canonicalBytes } from '../ledger/hashes';
import { createCheckpoint } from '../ledger/checkpoints';
import { logOrigin } from '../ledger/ledgerIdentity';
import { inclusionProofFor } from '../ledger/proofs';
import { documentFromExecutionRow, type ExecutionRow } from '../ledger/rowDocuments';
import { entryLine } from '../ledger/verify/exportFile';
import type { Cursor } from './cursor';
import { fetchMatches, planMatches } from './findMatches';
import { executionQueryParams, type ExecutionFilters } from './searchFilters';

export type ExportFormat = 'jsonl' | 'csv';

const PAGE = 1000;

type StoredRow = ExecutionRow & { seq: string; ingested_at: Date; leaf_hash: Buffer; chain_hash: Buffer; token_id: string | null };

const CSV_COLUMNS = ['seq', 'id', 'timestamp', 'ingested_at', 'environment', 'server_name', 'server_version', 'method', 'tool_name', 'tool_version',
  'input_schema_hash', 'prompt_name', 'prompt_version', 'prompt_checksum', 'model', 'model_config_version', 'user_id', 'session_id', 'agent_id',
  'request_id', 'trace_id', 'span_id', 'is_error', 'error', 'duration_ms', 'input_tokens', 'output_tokens', 'prompt', 'arguments', 'output',
  'side_effects', 'attributes', 'token_id', 'raw_sha256', 'leaf_hash', 'chain_hash'] as const;

/**
 * One CSV field (RFC 4180). A cell a spreadsheet would run as a formula (leading =, +, -, @, tab
 * or CR) gets a leading apostrophe, so an exported prompt can never execute on an analyst's machine.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(row: StoredRow): string {
  const hashes: Record<string, string> = {
    raw_sha256: row.raw_sha256.toString('hex'), leaf_hash: row.leaf_hash.toString('base64'), chain_hash: row.chain_hash.toString('base64'),
  };
  return CSV_COLUMNS.map((column) => csvCell(hashes[column] ?? row[column])).join(',') + '\r\n';
}

// The entry line of `warden export`, with `data` exactly as readEntries rebuilds it from the row,
// plus its inclusion proof at the export's checkpoint: what `warden verify --export` checks a subset with.
async function jsonLine(environment: Environment, size: number, row: StoredRow): Promise<string> {
  const entry = JSON.parse(entryLine({ seq: Number(row.seq), data: canonicalBytes(documentFromExecutionRow(row)), leafHash: row.leaf_hash, chainHash: row.chain_hash }));
  const { proof } = await inclusionProofFor(environment, Number(row.seq), size);
  return JSON.stringify({ ...entry, inclusion_proof: proof }) + '\n';
}

/**
 * Streams every execution a query selects, in log order (seq), up to the log's size when the
 * export starts; no row cap, one page of rows in memory at a time.
 *
 * jsonl is the `warden export` format marked as a subset: the export first signs (or finds) the
 * checkpoint of the log's current size, and every entry carries its inclusion proof at that size,
 * so `warden verify --export` checks each entry's leaf hash and its place under the signed root
 * without the rest of the log.
 */
export async function* exportExecutions(environment: Environment, filters: ExecutionFilters, format: ExportFormat): AsyncGenerator<string> {
  const checkpoint = format === 'jsonl' ? await createCheckpoint(environment) : null;
  const head = await pool().query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment]);
  const size = checkpoint?.size ?? Number(head.rows[0]?.next_seq ?? 0);
  const plan = await planMatches({ environment, filters, now: new Date() }, { sort: 'seq', order: 'asc', upperSeq: size, pageSize: PAGE });
  if (format === 'jsonl') {
    const filter = Object.fromEntries(executionQueryParams({ ...filters, environment: undefined }));
    yield JSON.stringify({ type: 'warden-ledger-export', version: 1, environment, origin: logOrigin(environment), size, subset: 'executions', filter }) + '\n';
  } else {
    yield CSV_COLUMNS.join(',') + '\r\n';
  }
  let cursor: Cursor | undefined;
  for (;;) {
    const keys = await fetchMatches(plan, cursor, PAGE);
    if (keys.length === 0) break;
    const { rows } = await pool().query<StoredRow>(
      'SELECT * FROM executions WHERE environment = $1 AND seq = ANY($2::bigint[]) AND ingested_at = ANY($3::timestamptz[]) ORDER BY seq',
      [environment, keys.map((key) => key.seq), [...new Set(keys.map((key) => key.ingested_at.toISOString()))]]);
    if (format === 'jsonl') for (const row of rows) yield await jsonLine(environment, size, row);
    else yield rows.map(csvLine).join('');
    if (keys.length < PAGE) break;
    cursor = { sort: 'seq', order: 'asc', value: null, seq: Number(keys.at(-1)!.seq) };
  }
  if (checkpoint) yield JSON.stringify({ type: 'checkpoint', size: checkpoint.size, signed_note: checkpoint.signedNote }) + '\n';
}
