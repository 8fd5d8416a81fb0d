import type { Environment } from '../environment';
import { executionDocument, quarantineDocument } from '../ledger/documents';
import { canonicalBytes, leafHash, sha256 } from '../ledger/hashes';
import { normaliseRecord } from './normaliseRecord';
import { parseLine } from './parseLine';
import type { RawItem } from './splitBody';
import type { BatchItem } from './storeBatch';

/** Parsed-but-not-yet-validated records, e.g. from the OTLP decoder, with the bytes they stand for. */
export interface DecodedItem {
  line: number;
  raw: Buffer;
  value: unknown;
}

function quarantined(line: number, raw: Buffer, rawSha256: Buffer, reason: string, environment: Environment): BatchItem {
  const leaf = leafHash(canonicalBytes(quarantineDocument(environment, line, reason, rawSha256)));
  return { kind: 'quarantined', line, reason, raw, rawSha256, leaf };
}

// Leaf hashes depend only on the record, so they are computed here, before the log head is locked.
function toBatchItem(line: number, raw: Buffer, value: unknown, environment: Environment, parseFailure?: string): BatchItem {
  const rawSha256 = sha256(raw);
  if (parseFailure) return quarantined(line, raw, rawSha256, parseFailure, environment);
  const normalised = normaliseRecord(value, environment);
  if (!normalised.ok) return quarantined(line, raw, rawSha256, normalised.reason, environment);
  const leaf = leafHash(canonicalBytes(executionDocument(normalised.record, rawSha256)));
  return { kind: 'execution', line, record: normalised.record, rawSha256, leaf };
}

/** Raw lines → executions or quarantined lines. Pure CPU work, done before any database call. */
export function batchFromRawItems(items: RawItem[], environment: Environment): BatchItem[] {
  return items.map(({ line, raw }) => {
    const parsed = parseLine(raw);
    return parsed.ok ? toBatchItem(line, raw, parsed.value, environment) : toBatchItem(line, raw, undefined, environment, parsed.reason);
  });
}

export function batchFromDecodedItems(items: DecodedItem[], environment: Environment): BatchItem[] {
  return items.map(({ line, raw, value }) => toBatchItem(line, raw, value, environment));
}
