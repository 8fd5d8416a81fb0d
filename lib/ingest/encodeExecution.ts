import { canonicalJson } from '../ledger/canonicalJson';
import { leafHash } from '../ledger/hashes';
import { copyText } from './copyText';
import { STRING_FIELDS, type ExecutionRecord } from './executionRecord';

// Every key the ledger document of an execution can have, in RFC 8785 order (UTF-16 code units;
// all ASCII here), so the document is written in one pass instead of sorted per record.
const DOCUMENT_KEYS = ['record_type', 'raw_sha256', 'id', 'environment', 'timestamp', ...STRING_FIELDS, 'arguments', 'output', 'is_error',
  'duration_ms', 'input_tokens', 'output_tokens', 'side_effects', 'attributes'].sort();

const JSON_COLUMNS = ['arguments', 'output', 'side_effects', 'attributes'] as const;

export interface EncodedExecution {
  /** RFC 6962 leaf hash of the canonical ledger document. */
  leaf: Buffer;
  /** The COPY text columns from `id` through `leaf_hash`: everything but the log position and chain. */
  copyColumns: string;
}

/**
 * The ledger document (lib/ledger/documents.ts executionDocument) as RFC 8785 text, and the
 * row's COPY columns, sharing one canonical serialisation of each JSON field. Its output equals
 * canonicalBytes(executionDocument(record, rawSha256)) — encodeExecution.test.ts holds it to that.
 */
export function encodeExecution(record: ExecutionRecord, rawSha256: Buffer): EncodedExecution {
  const rawHex = rawSha256.toString('hex');
  const json: Partial<Record<(typeof JSON_COLUMNS)[number], string>> = {};
  for (const column of JSON_COLUMNS) if (record[column] !== undefined) json[column] = canonicalJson(record[column]);
  const fields = record as unknown as Record<string, unknown>;
  let document = '{';
  for (const key of DOCUMENT_KEYS) {
    let text: string | undefined;
    if (key === 'record_type') text = '"execution"';
    else if (key === 'raw_sha256') text = `"${rawHex}"`;
    else if (key in json) text = json[key as keyof typeof json];
    else if (fields[key] !== undefined) text = JSON.stringify(fields[key]);
    if (text !== undefined) document += (document.length > 1 ? ',"' : '"') + key + '":' + text;
  }
  document += '}';
  // RFC 6962 leaf: SHA-256(0x00 ‖ document); U+0000 is that one zero byte in UTF-8.
  const leaf = leafHash(document);

  const columns = [copyText(record.id), copyText(record.timestamp)];
  for (const field of STRING_FIELDS) columns.push(copyText(record[field]));
  columns.push(copyText(json.arguments), copyText(json.output), String(record.is_error), copyText(record.duration_ms),
    copyText(record.input_tokens), copyText(record.output_tokens), copyText(json.side_effects), copyText(json.attributes),
    copyText(rawSha256), copyText(leaf));
  return { leaf, copyColumns: columns.join('\t') };
}
