import type { ExecutionRecord } from '../ingest/executionRecord';

/**
 * The documents the ledger's leaves commit to. Both carry `raw_sha256`, the SHA-256 of the bytes
 * exactly as received, because parsing can lose number precision and duplicate keys.
 */
export function executionDocument(record: ExecutionRecord, rawSha256: Buffer) {
  return { record_type: 'execution', ...record, raw_sha256: rawSha256.toString('hex') };
}

export function quarantineDocument(environment: string, line: number, reason: string, rawSha256: Buffer) {
  return { record_type: 'quarantined', environment, line, reason, raw_sha256: rawSha256.toString('hex') };
}

/** A console action as its row stores it; `at` is RFC 3339 (Date#toISOString). */
export interface ConsoleActionFields {
  at: string;
  actor: string;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  source_ip: string | null;
}

/** The console's own audit entries; SQL NULLs are left out, as in execution documents. */
export function consoleActionDocument(fields: ConsoleActionFields) {
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
  return { record_type: 'console_action', environment: 'console', ...present };
}
