import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Environment } from '../environment';
import { quarantineDocument } from '../ledger/documents';
import { canonicalBytes, leafHash, sha256 } from '../ledger/hashes';
import { encodeExecution } from './encodeExecution';
import { normaliseRecord } from './normaliseRecord';
import { parseLine } from './parseLine';
import { splitBody, type BodyFormat, type RawItem } from './splitBody';
import type { BatchItem } from './storeBatch';

/** Parsed-but-not-yet-validated records, e.g. from the OTLP decoder, with the bytes they stand for. */
export interface DecodedItem {
  line: number;
  raw: Buffer;
  value: unknown;
}

// Records between two yields: other requests' database round trips (one of them may hold a log
// head lock) must not wait behind a whole batch of hashing.
const RECORDS_PER_SLICE = 100;

function quarantined(line: number, raw: Buffer, rawSha256: Buffer, reason: string, environment: Environment): BatchItem {
  const leaf = leafHash(canonicalBytes(quarantineDocument(environment, line, reason, rawSha256)));
  return { kind: 'quarantined', line, reason, raw, rawSha256, leaf };
}

// Leaf hashes and COPY columns depend only on the record, so they are computed here, before the log head is locked.
function toBatchItem(line: number, raw: Buffer, value: unknown, environment: Environment, parseFailure?: string): BatchItem {
  const rawSha256 = sha256(raw);
  if (parseFailure) return quarantined(line, raw, rawSha256, parseFailure, environment);
  const normalised = normaliseRecord(value, environment);
  if (!normalised.ok) return quarantined(line, raw, rawSha256, normalised.reason, environment);
  const { leaf, copyColumns } = encodeExecution(normalised.record, rawSha256);
  return { kind: 'execution', line, id: normalised.record.id, rawSha256, leaf, copyColumns };
}

async function mapInSlices<T>(items: T[], build: (item: T) => BatchItem): Promise<BatchItem[]> {
  const built: BatchItem[] = [];
  for (let start = 0; start < items.length; start += RECORDS_PER_SLICE) {
    if (start > 0) await yieldToEventLoop();
    for (const item of items.slice(start, start + RECORDS_PER_SLICE)) built.push(build(item));
  }
  return built;
}

/** Raw lines → executions or quarantined lines. CPU work only, done before any database call. */
export function batchFromRawItems(items: RawItem[], environment: Environment): Promise<BatchItem[]> {
  return mapInSlices(items, ({ line, raw }) => {
    const parsed = parseLine(raw);
    return parsed.ok ? toBatchItem(line, raw, parsed.value, environment) : toBatchItem(line, raw, undefined, environment, parsed.reason);
  });
}

/** A whole request body → its items (the work an ingest worker thread does). */
export function batchFromBody(body: Buffer, format: BodyFormat, environment: Environment): Promise<BatchItem[]> {
  return batchFromRawItems(splitBody(body, format), environment);
}

export function batchFromDecodedItems(items: DecodedItem[], environment: Environment): Promise<BatchItem[]> {
  return mapInSlices(items, ({ line, raw, value }) => toBatchItem(line, raw, value, environment));
}
