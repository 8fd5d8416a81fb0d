import { IngestRequestError } from './errors';
import { INGEST_LIMITS } from './limits';

export interface RawItem {
  /** 1-based line number (NDJSON) or element number (JSON array) in the request. */
  line: number;
  /** The exact bytes received for this record. */
  raw: Buffer;
}

export type BodyFormat = 'ndjson' | 'json';

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'application/ndjson', 'application/x-jsonlines']);

/** Which framing a Content-Type announces; 415 for anything else. */
export function bodyFormat(contentType: string | null): BodyFormat {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (NDJSON_TYPES.has(mediaType)) return 'ndjson';
  if (mediaType === 'application/json') return 'json';
  throw new IngestRequestError(415, `unsupported Content-Type "${mediaType || '(none)'}": send application/x-ndjson, application/jsonl or application/json`);
}

function isBlank(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d);
}

function splitLines(body: Buffer): RawItem[] {
  const items: RawItem[] = [];
  let start = 0;
  let line = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    line++;
    let slice = body.subarray(start, end);
    if (slice.length > 0 && slice[slice.length - 1] === 0x0d) slice = slice.subarray(0, -1);
    if (!isBlank(slice)) items.push({ line, raw: Buffer.from(slice) });
    start = end + 1;
  }
  return items;
}

/**
 * Splits a top-level JSON array into its elements' exact bytes without parsing them, so each
 * element is judged (and quarantined) on its own. Only the bracket structure must be sound.
 */
function splitArray(body: Buffer, open: number): RawItem[] {
  const items: RawItem[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStart = open + 1;
  for (let i = open; i < body.length; i++) {
    const byte = body[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) depth++;
    else if (byte === 0x5d || byte === 0x7d) {
      depth--;
      if (depth === 0) {
        const last = body.subarray(elementStart, i);
        if (!isBlank(last) || items.length > 0) items.push({ line: items.length + 1, raw: Buffer.from(last) });
        if (!isBlank(body.subarray(i + 1))) throw new IngestRequestError(400, 'undecodable body: data after the closing ] of the JSON array');
        return items.map((item) => ({ ...item, raw: trim(item.raw) }));
      }
    } else if (byte === 0x2c && depth === 1) {
      items.push({ line: items.length + 1, raw: Buffer.from(body.subarray(elementStart, i)) });
      elementStart = i + 1;
    }
  }
  throw new IngestRequestError(400, 'undecodable body: the JSON array is not closed');
}

function trim(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  const space = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
  while (start < end && space(bytes[start]!)) start++;
  while (end > start && space(bytes[end - 1]!)) end--;
  return bytes.subarray(start, end);
}

/** The records of a body: NDJSON lines, JSON array elements, or one JSON object. */
export function splitBody(body: Buffer, format: BodyFormat): RawItem[] {
  let items: RawItem[];
  if (format === 'ndjson') {
    items = splitLines(body);
  } else {
    const content = trim(body);
    if (content[0] === 0x5b) items = splitArray(content, 0);
    else if (content[0] === 0x7b) items = [{ line: 1, raw: Buffer.from(content) }];
    else throw new IngestRequestError(400, 'undecodable body: application/json must be a JSON object or an array of objects');
  }
  if (items.length > INGEST_LIMITS.maxLines) {
    throw new IngestRequestError(413, `${items.length} records in one request; the limit is ${INGEST_LIMITS.maxLines}`);
  }
  return items;
}
