import type { Environment } from '../environment';
import { sha256 } from '../ledger';
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

function toBatchItem(line: number, raw: Buffer, value: unknown, environment: Environment, parseFailure?: string): BatchItem {
  const rawSha256 = sha256(raw);
  if (parseFailure) return { kind: 'quarantined', line, reason: parseFailure, raw, rawSha256 };
  const normalised = normaliseRecord(value, environment);
  return normalised.ok
    ? { kind: 'execution', line, record: normalised.record, rawSha256 }
    : { kind: 'quarantined', line, reason: normalised.reason, raw, rawSha256 };
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
