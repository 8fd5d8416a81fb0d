import { isUtf8 } from 'node:buffer';
import type { Environment } from '../../environment';
import { STRING_FIELDS } from '../../ingest/executionRecord';
import { canonicalBytes, leafHashLatin1 } from '../hashes';
import { discardDocument, documentBytes, keepBytes, startDocument, writeAscii, writeBytes, writeInt32, writeJsonString, writeNumber } from '../documentArena';
import { writeJsonText } from '../jsonBytes';
import { documentFromExecutionColumns, VALUE_FIELDS } from '../rowDocuments';
import type { CopyRow } from './binaryCopy';
import { writeHexString, writeIsoTimestamp } from './fixedWidthFields';
import type { VerifiableEntry } from './verifyEntries';
import { WasmDocumentWriter, type DocumentField, type FieldKind } from './wasm/executionDocument';

const JSON_FIELDS = ['arguments', 'output', 'side_effects', 'attributes'] as const;
// Not `environment`: the statement picks one, and sending it (an enum, looked up per row) cost the server.
const FIXED = ['seq', 'leaf_hash', 'chain_hash', 'id', 'timestamp', 'is_error', 'raw_sha256'] as const;
/** The columns executionCopySql selects, in order. */
export const EXECUTION_COPY_COLUMNS: readonly string[] = [...FIXED, ...STRING_FIELDS, ...JSON_FIELDS, 'duration_ms', 'input_tokens', 'output_tokens'];

const column = (name: string): number => EXECUTION_COPY_COLUMNS.indexOf(name);
const [SEQ, LEAF, CHAIN, ID, TIMESTAMP, IS_ERROR, RAW_SHA256] = FIXED.map(column) as [number, number, number, number, number, number, number];

/** PostgreSQL's timestamp epoch (2000-01-01) in Unix milliseconds. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

// COPY takes no bind parameters, so the values are spelled into the statement from fixed literals.
const ENVIRONMENT_LITERALS: Record<Environment, string> = { staging: "'staging'", production: "'production'" };

/** The executions of seqs [from, to) in seq order, as a binary COPY statement. */
export function executionCopySql(environment: Environment, from: number, to: number): string {
  const literal = ENVIRONMENT_LITERALS[environment];
  if (!literal || !Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new RangeError('invalid environment or seq bounds');
  return `COPY (SELECT ${EXECUTION_COPY_COLUMNS.map((name) => `"${name}"`).join(', ')} FROM executions
    WHERE environment = ${literal} AND seq >= ${from} AND seq < ${to} ORDER BY seq) TO STDOUT (FORMAT binary)`;
}

/** A signed 64-bit integer: exact as a number below 2^53, else via BigInt. */
function int64(buffer: Buffer, offset: number): number | bigint {
  const high = buffer.readInt32BE(offset);
  if (high >= -0x200000 && high < 0x200000) return high * 0x1_0000_0000 + buffer.readUInt32BE(offset + 4);
  return buffer.readBigInt64BE(offset);
}

/** A timestamptz (microseconds since 2000) as Unix milliseconds, as node-postgres's Date held it. */
function timestampMillis(row: CopyRow): number {
  const micros = int64(row.buffer, row.start[TIMESTAMP]!);
  return (typeof micros === 'bigint' ? Number(micros / 1000n) : Math.trunc(micros / 1000)) + POSTGRES_EPOCH_MS;
}

const KINDS: Record<string, FieldKind> = {
  record_type: 'constant', environment: 'environment', raw_sha256: 'raw', timestamp: 'timestamp', is_error: 'boolean', duration_ms: 'float8', input_tokens: 'int4', output_tokens: 'int4',
  ...Object.fromEntries(JSON_FIELDS.map((field) => [field, 'json'])),
};

// The document's keys in RFC 8785 order with where each value comes from, so a row is written in
// one pass. The required columns are NOT NULL; were one NULL anyway it is written as null, as the
// document builder would.
const EXECUTION = Buffer.from('"execution"');
const DOCUMENT: readonly DocumentField[] = ['record_type', 'raw_sha256', 'id', 'environment', 'timestamp', 'is_error', ...STRING_FIELDS, ...VALUE_FIELDS].sort()
  .map((field) => ({
    kind: KINDS[field] ?? 'text', column: column(field), required: ['id', 'environment', 'timestamp', 'is_error'].includes(field),
    key: Buffer.from(`"${field}":`), commaKey: Buffer.from(`,"${field}":`), constant: field === 'record_type' ? EXECUTION : undefined,
  }));
const ENVIRONMENT_VALUES: Record<Environment, Buffer> = { staging: Buffer.from('"staging"'), production: Buffer.from('"production"') };
const NULL = Buffer.from('null');
const isJsonNull = (buffer: Buffer, from: number, to: number): boolean => to - from === NULL.length && buffer.compare(NULL, 0, NULL.length, from, to) === 0;

/** The canonical document of a row, written from its bytes (documentArena.ts, jsonBytes.ts): the reference the WebAssembly writer matches. */
export function writeDocument(row: CopyRow, environment: Environment): Buffer {
  const { buffer, start, end } = row;
  startDocument();
  writeAscii('{');
  let first = true;
  for (const field of DOCUMENT) {
    // A stored JSON null reads as null, i.e. absent, exactly like SQL NULL.
    const isNull = field.column >= 0 && (end[field.column] === -1 || (field.kind === 'json' && isJsonNull(buffer, start[field.column]!, end[field.column]!)));
    if (isNull && !field.required) continue;
    writeBytes(first ? field.key : field.commaKey);
    first = false;
    if (isNull) {
      writeBytes(NULL);
      continue;
    }
    const from = start[field.column]!;
    const to = end[field.column]!;
    switch (field.kind) {
      case 'constant': writeBytes(EXECUTION); break;
      case 'environment': writeBytes(ENVIRONMENT_VALUES[environment]); break;
      case 'raw': writeHexString(buffer, from, to); break;
      case 'text': writeJsonString(buffer, from, to); break;
      // json's binary form is its text: canonical as ingest wrote it, jsonb's text form in rows stored before json.
      case 'json': writeJsonText(buffer, from, to); break;
      case 'timestamp': writeIsoTimestamp(timestampMillis(row)); break;
      case 'boolean': writeAscii(buffer[from] === 1 ? 'true' : 'false'); break;
      case 'float8': writeNumber(buffer.readDoubleBE(from)); break;
      case 'int4': writeInt32(buffer.readInt32BE(from)); break;
    }
  }
  writeAscii('}');
  return documentBytes();
}

const text = (row: CopyRow, index: number): string | null =>
  row.end[index] === -1 ? null : row.buffer.toString('utf8', row.start[index], row.end[index]);

/**
 * The document as node-postgres rows used to give it: each field decoded to a string on its own
 * (invalid UTF-8 becoming U+FFFD), JSON parsed. Only for rows whose bytes are not UTF-8.
 */
function decodedDocument(row: CopyRow, environment: Environment): Buffer {
  const optional: Record<string, unknown> = {};
  for (const field of [...STRING_FIELDS, ...VALUE_FIELDS]) {
    const index = column(field);
    if (row.end[index] === -1) continue;
    const kind = KINDS[field] ?? 'text';
    optional[field] = kind === 'json' ? JSON.parse(row.buffer.toString('utf8', row.start[index], row.end[index]))
      : kind === 'float8' ? row.buffer.readDoubleBE(row.start[index]!) : kind === 'int4' ? row.buffer.readInt32BE(row.start[index]!) : text(row, index);
  }
  return canonicalBytes(documentFromExecutionColumns({
    id: text(row, ID)!, environment, timestamp: new Date(timestampMillis(row)).toISOString(), is_error: row.buffer[row.start[IS_ERROR]!] === 1,
    rawSha256: row.buffer.subarray(row.start[RAW_SHA256], row.end[RAW_SHA256]), optional,
  }));
}

// Made on first use, once per thread; null where WebAssembly cannot run.
let wasmWriter: WasmDocumentWriter | null | undefined;
let wasmWriterInUse = process.env.WARDEN_VERIFY_WASM !== '0';

/** The WebAssembly build of writeDocument (wasm/executionDocument.c), shared by this thread's readers; null while not in use. */
export function wasmDocumentWriter(): WasmDocumentWriter | null {
  if (!wasmWriterInUse) return null;
  if (wasmWriter === undefined) wasmWriter = WasmDocumentWriter.create(DOCUMENT, EXECUTION_COPY_COLUMNS.length, ENVIRONMENT_VALUES);
  return wasmWriter;
}

/** Whether this thread writes documents with the WebAssembly writer (default) or only in JavaScript (bench:verify compares them). */
export function useWasmDocumentWriter(use: boolean): void {
  wasmWriterInUse = use;
}

/** The seq of a binary COPY row of executionCopySql. */
export const executionSeq = (row: CopyRow): number => Number(int64(row.buffer, row.start[SEQ]!));

/** Where a row of executionCopySql holds its stored leaf and chain hashes. */
export const STORED_HASH_COLUMNS = { leafHash: LEAF, chainHash: CHAIN } as const;

/**
 * Where a COPY message holding one whole row of executionCopySql keeps its seq and stored hashes:
 * the first three columns, of fixed width (field count, then each field's length and bytes).
 */
export const MESSAGE_FIELDS = { seq: 6, leafHash: 18, chainHash: 54, end: 86 } as const;
if (SEQ !== 0 || LEAF !== 1 || CHAIN !== 2) throw new Error('MESSAGE_FIELDS assumes seq, leaf_hash and chain_hash are the first three columns');

/**
 * The seq and the leaf hash (as executionLeaf gives it) of a COPY message that is exactly one row of
 * executionCopySql, written by the WebAssembly module without parsing the row here; null where the
 * message is anything else or the module declines the row (parse it then, and use executionLeaf).
 */
export function messageLeaf(message: Buffer, environment: Environment): { seq: number; leaf: string } | null {
  if (message.length < MESSAGE_FIELDS.end || message.readInt16BE(0) !== EXECUTION_COPY_COLUMNS.length) return null;
  if (message.readInt32BE(MESSAGE_FIELDS.seq - 4) !== 8 || message.readInt32BE(MESSAGE_FIELDS.leafHash - 4) !== 32 || message.readInt32BE(MESSAGE_FIELDS.chainHash - 4) !== 32) return null;
  const leaf = wasmDocumentWriter()?.leafHashOfMessage(message, environment);
  return leaf == null ? null : { seq: Number(int64(message, MESSAGE_FIELDS.seq)), leaf };
}

/**
 * The leaf hash of a row's document re-canonicalised, as sha256Latin1 gives it, without keeping the
 * document: what a range check needs of each row (the same document executionEntry gives).
 */
export function executionLeaf(row: CopyRow, environment: Environment): string {
  const leaf = wasmDocumentWriter()?.leafHash(row, environment);
  if (leaf != null) return leaf;
  const hashed = leafHashLatin1(referenceDocument(row, environment));
  discardDocument();
  return hashed;
}

/** The document as the JavaScript writer gives it: from the row's bytes, or decoded field by field where they are not UTF-8. */
function referenceDocument(row: CopyRow, environment: Environment): Buffer {
  const data = writeDocument(row, environment);
  if (isUtf8(data)) return data;
  discardDocument();
  return decodedDocument(row, environment);
}

/** One binary COPY row of executionCopySql (for `environment`) → the entry a verifier checks: its document re-canonicalised. */
export function executionEntry(row: CopyRow, environment: Environment): VerifiableEntry {
  const { buffer, start, end } = row;
  // The module writes only UTF-8 documents (it declines the rest).
  const data = wasmDocumentWriter()?.write(row, environment) ?? referenceDocument(row, environment);
  return {
    seq: Number(int64(buffer, start[SEQ]!)),
    data,
    // Copied: the row is a view of node-postgres's read buffer, which it reuses.
    leafHash: keepBytes(buffer, start[LEAF]!, end[LEAF]!),
    chainHash: keepBytes(buffer, start[CHAIN]!, end[CHAIN]!),
  };
}
