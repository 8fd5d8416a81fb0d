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
