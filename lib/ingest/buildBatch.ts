import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Environment } from '../environment';
import { quarantineDocument } from '../ledger/documents';
import { canonicalBytes, leafHash, sha256 } from '../ledger/hashes';
import { encodeExecution } from './encodeExecution';
import { normaliseRecord } from './normaliseRecord';
import { parseLine } from './parseLine';
import { splitBody, type BodyFormat, type RawItem } from './splitBody';
import type { Batch, BatchItem } from './storeBatch';

/** Parsed-but-not-yet-validated records, e.g. from the OTLP decoder, with the bytes they stand for. */
export interface DecodedItem {
  line: number;
  raw: Buffer;
  value: unknown;
}

// Records between two yields: other requests' database round trips (one of them may hold a log
// head lock) must not wait behind a whole batch of hashing.
const RECORDS_PER_SLICE = 100;

/** An item before packing: executions still carry their COPY columns as text. */
type BuiltItem =
  | { kind: 'execution'; line: number; id: string; rawSha256: Buffer; leaf: Buffer; copyColumns: string }
  | { kind: 'quarantined'; line: number; reason: string; raw: Buffer; rawSha256: Buffer; leaf: Buffer };

function quarantined(line: number, raw: Buffer, rawSha256: Buffer, givenReason: string, environment: Environment): BuiltItem {
  // A reason may quote the line (JSON.parse's message quotes the character it stopped at, half an emoji included). The
  // text column would store a lone surrogate as U+FFFD, so it is hashed as U+FFFD too: the leaf must match the row.
  const reason = givenReason.toWellFormed();
  const leaf = leafHash(canonicalBytes(quarantineDocument(environment, line, reason, rawSha256)));
  return { kind: 'quarantined', line, reason, raw, rawSha256, leaf };
}

// Leaf hashes and COPY columns depend only on the record, so they are computed here, before the log head is locked.
function toBuiltItem(line: number, raw: Buffer, value: unknown, environment: Environment, parseFailure?: string): BuiltItem {
  const rawSha256 = sha256(raw);
  if (parseFailure) return quarantined(line, raw, rawSha256, parseFailure, environment);
  const normalised = normaliseRecord(value, environment);
  if (!normalised.ok) return quarantined(line, raw, rawSha256, normalised.reason, environment);
  const { leaf, copyColumns } = encodeExecution(normalised.record, rawSha256);
  return { kind: 'execution', line, id: normalised.record.id, rawSha256, leaf, copyColumns };
}

const HASHES_PER_ITEM = 64;

/**
 * Packs the items' hashes into one buffer and the executions' COPY columns into another, so a
 * batch crosses from a worker thread as two transferred buffers instead of thousands of strings
 * the main thread would have to copy, keep alive under the lock and collect afterwards.
 */
export function packBatch(built: BuiltItem[]): Batch {
  const hashes = Buffer.allocUnsafeSlow(built.length * HASHES_PER_ITEM);
  let copyBytes = 0;
  for (const item of built) if (item.kind === 'execution') copyBytes += Buffer.byteLength(item.copyColumns);
  const copyData = Buffer.allocUnsafeSlow(copyBytes);
  let offset = 0;
  const items = built.map((item, index): BatchItem => {
    const at = index * HASHES_PER_ITEM;
    item.rawSha256.copy(hashes, at);
    item.leaf.copy(hashes, at + 32);
    const rawSha256 = hashes.subarray(at, at + 32);
    const leaf = hashes.subarray(at + 32, at + HASHES_PER_ITEM);
    if (item.kind === 'quarantined') return { ...item, rawSha256, leaf };
    const start = offset;
    offset += copyData.write(item.copyColumns, offset);
    return { kind: 'execution', line: item.line, id: item.id, rawSha256, leaf, columnsStart: start, columnsEnd: offset };
  });
  return { items, copyData };
}

async function buildInSlices<T>(items: T[], build: (item: T) => BuiltItem): Promise<Batch> {
  const built: BuiltItem[] = [];
  for (let start = 0; start < items.length; start += RECORDS_PER_SLICE) {
    if (start > 0) await yieldToEventLoop();
    for (const item of items.slice(start, start + RECORDS_PER_SLICE)) built.push(build(item));
  }
  return packBatch(built);
}

/** Raw lines → executions or quarantined lines. CPU work only, done before any database call. */
export function batchFromRawItems(items: RawItem[], environment: Environment): Promise<Batch> {
  return buildInSlices(items, ({ line, raw }) => {
    const parsed = parseLine(raw);
    return parsed.ok ? toBuiltItem(line, raw, parsed.value, environment) : toBuiltItem(line, raw, undefined, environment, parsed.reason);
  });
}

/** A whole request body → its items (the work an ingest worker thread does). */
export function batchFromBody(body: Buffer, format: BodyFormat, environment: Environment): Promise<Batch> {
  return batchFromRawItems(splitBody(body, format), environment);
}

export function batchFromDecodedItems(items: DecodedItem[], environment: Environment): Promise<Batch> {
  return buildInSlices(items, ({ line, raw, value }) => toBuiltItem(line, raw, value, environment));
}
