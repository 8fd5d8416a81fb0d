import type { Environment } from '../environment';
import { STRING_FIELDS, type ExecutionRecord } from '../ingest/executionRecord';
import { executionDocument, quarantineDocument } from './documents';

/** An `executions` row as node-postgres returns it (snake_case columns). */
export type ExecutionRow = Record<string, unknown> & {
  environment: Environment; id: string; timestamp: Date; is_error: boolean; raw_sha256: Buffer;
};

/** Rebuilds the ledger document from a stored row: how anyone re-derives and checks a leaf hash. */
export function documentFromExecutionRow(row: ExecutionRow) {
  const record: ExecutionRecord = { id: row.id, environment: row.environment, timestamp: row.timestamp.toISOString(), is_error: row.is_error };
  for (const field of STRING_FIELDS) if (row[field] !== null && row[field] !== undefined) record[field] = row[field] as string;
  for (const field of ['arguments', 'output', 'side_effects', 'attributes', 'duration_ms', 'input_tokens', 'output_tokens'] as const) {
    if (row[field] !== null && row[field] !== undefined) (record as Record<string, unknown>)[field] = row[field];
  }
  return executionDocument(record, row.raw_sha256);
}

export function documentFromQuarantineRow(row: { environment: string; line: number; reason: string; raw_sha256: Buffer }) {
  return quarantineDocument(row.environment, row.line, row.reason, row.raw_sha256);
}
