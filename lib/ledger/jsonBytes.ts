import { isUtf8 } from 'node:buffer';
import { canonicalJson } from './canonicalJson';
import { arena, documentBytes, ensure, startDocument, writeBytes, writeUtf8 } from './documentArena';
import { compareKeys, reorder, type Member } from './jsonMembers';

/**
 * RFC 8785 output written straight into bytes (documentArena.ts) from the UTF-8 bytes PostgreSQL
 * sends, so verification never decodes a row into JS strings and encodes the document back: at a
 * million rows that round trip cost more than the SHA-256 hashing. Equal, byte for byte, to
 * Buffer.from(canonicalJson(…)) of the decoded values for valid UTF-8 input (jsonBytes.test.ts);
 * callers check the document once with isUtf8 and take the string path otherwise.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const EMPTY = Buffer.alloc(0);
let src: Buffer = EMPTY;
let pos = 0;
let end = 0;

function fail(): never {
  throw new SyntaxError(`invalid JSON text at byte ${pos}`);
}

// Reads stay inside [.., end): the text is one field of a COPY row, and the next field follows it.
const byteAt = (index: number): number => (index < end ? src[index]! : -1);

function skipWhitespace(): void {
  const source = src;
  const stop = end;
  let read = pos;
  for (; read < stop; read++) {
    const c = source[read]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  pos = read;
}

/** The JSON string literal at `pos` (value or key), written canonically. */
function stringLiteral(): void {
  const start = pos;
  ensure(end - pos);
  // Locals, not the module's variables, in the per-byte loop: this loop is most of the work.
  const source = src;
  const target = arena.bytes;
  const stop = end;
  let read = pos + 1;
  let write = arena.at;
  target[write++] = QUOTE;
  for (; ; read++) {
    if (read >= stop) {
      pos = read;
      fail();
    }
    const byte = source[read]!;
    if (byte === QUOTE) break;
    if (byte < 0x20) {
      pos = read;
      fail();
    }
    if (byte === BACKSLASH) {
      // Rare: let JSON.parse validate and decode the escapes, JSON.stringify re-encode them.
      for (read += 2; read < stop && source[read] !== QUOTE; read += source[read] === BACKSLASH ? 2 : 1);
      pos = read;
      if (read >= stop) fail();
      pos = read + 1;
      writeUtf8(JSON.stringify(JSON.parse(source.toString('utf8', start, pos))));
      return;
    }
    target[write++] = byte;
  }
  target[write++] = QUOTE;
  pos = read + 1;
  arena.at = write;
}

// Module-level rather than a closure in numberLiteral: creating one per number showed in profiles.
function isDigitAt(source: Buffer, stop: number, index: number): boolean {
  return index < stop && source[index]! >= 0x30 && source[index]! <= 0x39;
}

function numberLiteral(): void {
  const source = src;
  const stop = end;
  const start = pos;
  let read = start;
  if (read < stop && source[read] === 0x2d) read++;
  if (read < stop && source[read] === 0x30) read++;
  else if (isDigitAt(source, stop, read)) while (isDigitAt(source, stop, read)) read++;
  else fail();
  const integerEnd = read;
  if (read < stop && source[read] === 0x2e) {
    if (!isDigitAt(source, stop, ++read)) fail();
    while (isDigitAt(source, stop, read)) read++;
  }
  if (read < stop && (source[read] === 0x65 || source[read] === 0x45)) {
    read++;
    if (read < stop && (source[read] === 0x2b || source[read] === 0x2d)) read++;
    if (!isDigitAt(source, stop, read)) fail();
    while (isDigitAt(source, stop, read)) read++;
  }
  pos = read;
  const digits = integerEnd - start - (source[start] === 0x2d ? 1 : 0);
  // Up to 15 digits an integer is its own shortest form; only -0 prints differently.
  if (read === integerEnd && digits <= 15 && !(digits === 1 && source[integerEnd - 1] === 0x30 && source[start] === 0x2d)) {
    ensure(read - start);
    const target = arena.bytes;
    let write = arena.at;
    for (let i = start; i < read; i++) target[write++] = source[i]!;
    arena.at = write;
    return;
  }
  const value = Number(source.toString('latin1', start, read));
  if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be represented in JSON (RFC 8785)`);
  writeUtf8(JSON.stringify(value));
}

function literal(word: Buffer): void {
  if (pos + word.length > end || src.compare(word, 0, word.length, pos, pos + word.length) !== 0) fail();
  writeBytes(word);
  pos += word.length;
}
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

function value(): void {
  skipWhitespace();
  switch (byteAt(pos)) {
    case 0x7b: return objectValue();
    case 0x5b: return arrayValue();
    case QUOTE: return stringLiteral();
    case 0x74: return literal(TRUE);
    case 0x66: return literal(FALSE);
    case 0x6e: return literal(NULL);
    default: return numberLiteral();
  }
}

/** After a member or element: true at a comma (consumed), false at the closing bracket (consumed). */
function more(close: number): boolean {
  skipWhitespace();
  const byte = byteAt(pos++);
  if (byte === 0x2c) return true;
  if (byte !== close) fail();
  return false;
}

function arrayValue(): void {
  pos++;
  ensure(2);
  arena.bytes[arena.at++] = 0x5b;
  skipWhitespace();
  if (byteAt(pos) === 0x5d) pos++;
  else {
    do {
      value();
      ensure(1);
      arena.bytes[arena.at++] = 0x2c;
    } while (more(0x5d));
    arena.at--;
  }
  arena.bytes[arena.at++] = 0x5d;
}

function objectValue(): void {
  pos++;
  ensure(2);
  arena.bytes[arena.at++] = 0x7b;
  skipWhitespace();
  if (byteAt(pos) === 0x7d) {
    pos++;
    arena.bytes[arena.at++] = 0x7d;
    return;
  }
  const first = arena.at;
  const members: Member[] = [];
  let sorted = true;
  do {
    skipWhitespace();
    if (byteAt(pos) !== QUOTE) fail();
    const start = arena.at;
    stringLiteral();
    let simple = true;
    const written = arena.bytes;
    for (let i = start + 1, keyStop = arena.at - 1; i < keyStop; i++) {
      const byte = written[i]!;
      if (byte >= 0x80 || byte === BACKSLASH) {
        simple = false;
        break;
      }
    }
    const member: Member = { start, keyEnd: arena.at, end: 0, simple, key: null };
    skipWhitespace();
    if (byteAt(pos++) !== 0x3a) fail();
    ensure(1);
    arena.bytes[arena.at++] = 0x3a;
    value();
    member.end = arena.at;
    if (members.length > 0 && compareKeys(members[members.length - 1]!, member) >= 0) sorted = false;
    members.push(member);
    ensure(1);
    arena.bytes[arena.at++] = 0x2c;
  } while (more(0x7d));
  arena.at--;
  if (!sorted) reorder(first, members);
  ensure(1);
  arena.bytes[arena.at++] = 0x7d;
}

/** Writes canonicalJson(JSON.parse(text)) for the JSON text text[start, end) as UTF-8 bytes. Throws where JSON.parse would. */
export function writeJsonText(text: Buffer, start: number, stop: number): void {
  src = text;
  pos = start;
  end = stop;
  try {
    value();
    skipWhitespace();
    if (pos !== end) fail();
  } finally {
    src = EMPTY; // the row's bytes are not kept alive
  }
}

/** canonicalJson(JSON.parse(text)) as UTF-8 bytes, for JSON text given as UTF-8 bytes. */
export function canonicalizeJsonBytes(text: Buffer): Buffer {
  if (!isUtf8(text)) return Buffer.from(canonicalJson(JSON.parse(text.toString('utf8'))), 'utf8');
  startDocument(text.length * 2);
  writeJsonText(text, 0, text.length);
  return documentBytes();
}
