import type { Environment } from '../environment';
import { STRING_FIELDS, type ExecutionRecord } from '../ingest/executionRecord';
import { executionDocument, quarantineDocument } from './documents';

/** An `executions` row as node-postgres returns it (snake_case columns). */
export type ExecutionRow = Record<string, unknown> & {
  environment: Environment; id: string; timestamp: Date; is_error: boolean; raw_sha256: Buffer;
};

/** The optional record fields stored in their own columns besides the string ones. */
export const VALUE_FIELDS = ['arguments', 'output', 'side_effects', 'attributes', 'duration_ms', 'input_tokens', 'output_tokens'] as const;

/**
 * What a stored execution row holds, already decoded (however it was read): the one place that
 * says how a row becomes the ledger document, shared by every reader so they cannot drift apart.
 */
export interface ExecutionColumns {
  id: string;
  environment: Environment;
  /** RFC 3339, as `Date#toISOString` prints the stored timestamp. */
  timestamp: string;
  is_error: boolean;
  rawSha256: Buffer;
  /** Column name → value (JSON columns parsed); SQL NULL as null (or absent). */
  optional: Record<string, unknown>;
}

export function documentFromExecutionColumns(columns: ExecutionColumns) {
  const record: ExecutionRecord = { id: columns.id, environment: columns.environment, timestamp: columns.timestamp, is_error: columns.is_error };
  for (const field of STRING_FIELDS) {
    const value = columns.optional[field];
    if (value !== null && value !== undefined) record[field] = value as string;
  }
  for (const field of VALUE_FIELDS) {
    const value = columns.optional[field];
    if (value !== null && value !== undefined) (record as Record<string, unknown>)[field] = value;
  }
  return executionDocument(record, columns.rawSha256);
}

/** Rebuilds the ledger document from a stored row: how anyone re-derives and checks a leaf hash. */
export function documentFromExecutionRow(row: ExecutionRow) {
  return documentFromExecutionColumns({
    id: row.id, environment: row.environment, timestamp: row.timestamp.toISOString(), is_error: row.is_error, rawSha256: row.raw_sha256, optional: row,
  });
}

export function documentFromQuarantineRow(row: { environment: string; line: number; reason: string; raw_sha256: Buffer }) {
  return quarantineDocument(row.environment, row.line, row.reason, row.raw_sha256);
}
