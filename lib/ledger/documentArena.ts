/**
 * Where verification writes canonical documents: one after another into an arena, handed out as
 * views of it, so none is copied again; a full arena is left to the views still holding it and a
 * new one started. Writers here and in jsonBytes.ts append at `arena.at`. Everything is
 * synchronous: one document is written at a time.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ARENA_SIZE = 1 << 20;

export const arena = { bytes: Buffer.allocUnsafe(ARENA_SIZE), at: 0, documentStart: 0 };

/** Room for `extra` more bytes; a bigger arena keeps every offset (documents before this one stay in the old). */
export function ensure(extra: number): void {
  if (arena.at + extra <= arena.bytes.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(ARENA_SIZE, 2 * (arena.at + extra)));
  bigger.set(arena.bytes.subarray(arena.documentStart, arena.at), arena.documentStart);
  arena.bytes = bigger;
}

export function writeUtf8(text: string): void {
  ensure(text.length * 3);
  arena.at += arena.bytes.write(text, arena.at, 'utf8');
}

// What JSON.stringify writes for the bytes it escapes: all below 0x20, '"' and '\'.
const ESCAPES: Buffer[] = Array.from({ length: 0x60 }, (_, byte) => Buffer.from(JSON.stringify(String.fromCharCode(byte)).slice(1, -1), 'latin1'));

/** Writes JSON.stringify(text) for the UTF-8 text text[start, end). */
export function writeJsonString(text: Buffer, start: number, stop: number): void {
  ensure(2 + 6 * (stop - start));
  const target = arena.bytes;
  let write = arena.at;
  target[write++] = QUOTE;
  for (let i = start; i < stop; i++) {
    const byte = text[i]!;
    if (byte >= 0x20 && byte !== QUOTE && byte !== BACKSLASH) {
      target[write++] = byte;
    } else {
      const escape = ESCAPES[byte]!;
      target.set(escape, write);
      write += escape.length;
    }
  }
  target[write++] = QUOTE;
  arena.at = write;
}

/** Bytes as they are (keys, constants). */
export function writeBytes(bytes: Buffer): void {
  ensure(bytes.length);
  // Most are a few bytes long, where a loop beats TypedArray#set.
  if (bytes.length > 64) {
    arena.bytes.set(bytes, arena.at);
    arena.at += bytes.length;
    return;
  }
  const target = arena.bytes;
  let write = arena.at;
  for (let i = 0; i < bytes.length; i++) target[write++] = bytes[i]!;
  arena.at = write;
}

/** Text with only ASCII characters (numbers, hex, timestamps); short, so a loop beats Buffer#write. */
export function writeAscii(text: string): void {
  ensure(text.length);
  const target = arena.bytes;
  let write = arena.at;
  for (let i = 0; i < text.length; i++) target[write++] = text.charCodeAt(i);
  arena.at = write;
}

/** The next `length` bytes of the document, for the caller to fill in (fixed-width values). */
export function reserve(length: number): Buffer {
  ensure(length);
  arena.at += length;
  return arena.bytes.subarray(arena.at - length, arena.at);
}

/** String(value) of a 32-bit integer, digit by digit (no string per value). */
export function writeInt32(value: number): void {
  ensure(11);
  const target = arena.bytes;
  let write = arena.at;
  if (value < 0) {
    target[write++] = 0x2d;
    value = -value; // -2^31 stays exact as a double
  }
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let i = write + digits - 1; i >= write; i--, value = Math.floor(value / 10)) target[i] = 0x30 + (value % 10);
  arena.at = write + digits;
}

export function writeNumber(value: number): void {
  if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be represented in JSON (RFC 8785)`);
  writeAscii(JSON.stringify(value));
}

/** Starts a document; `expected` bytes is a hint of its size (it may grow past it). */
export function startDocument(expected = 64 * 1024): void {
  if (arena.at + expected > arena.bytes.length) {
    arena.bytes = Buffer.allocUnsafe(Math.max(ARENA_SIZE, 2 * expected));
    arena.at = 0;
  }
  arena.documentStart = arena.at;
}

/** The document written since startDocument: a view of bytes never written again. */
export function documentBytes(): Buffer {
  return arena.bytes.subarray(arena.documentStart, arena.at);
}

/** A copy of bytes[start, end) kept in the arena beside the documents (one allocation per arena, not per copy). */
export function keepBytes(bytes: Buffer, start: number, stop: number): Buffer {
  startDocument(stop - start);
  ensure(stop - start);
  const target = arena.bytes;
  let write = arena.at;
  for (let i = start; i < stop; i++) target[write++] = bytes[i]!;
  arena.at = write;
  return documentBytes();
}

/** Drops the document written since startDocument (its bytes get reused). */
export function discardDocument(): void {
  arena.at = arena.documentStart;
}

