import { randomFillSync } from 'node:crypto';

const BATCH = 1024;
/** Characters in `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`. */
export const RECORD_ID_LENGTH = 36;
const DASH = 0x2d;
/** The two hex digits of each byte value, as the character codes to store. */
const HIGH = Uint8Array.from({ length: 256 }, (_, byte) => '0123456789abcdef'.charCodeAt(byte >> 4));
const LOW = Uint8Array.from({ length: 256 }, (_, byte) => '0123456789abcdef'.charCodeAt(byte & 0x0f));
/** Where each of the 16 random bytes goes in the text. */
const AT = Uint8Array.of(0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34);
const random = Buffer.allocUnsafe(16 * BATCH);
let next = BATCH;
const scratch = Buffer.allocUnsafe(RECORD_ID_LENGTH);

/**
 * Writes a fresh random (version 4) UUID, exactly as `crypto.randomUUID()` forms one — 122 bits from
 * the same CSPRNG, so record ids stay unguessable (a predictable id could be claimed first and the
 * real record dropped as a duplicate) — as its 36 ASCII bytes at `target[at, at + 36)`. The random
 * bytes are drawn a thousand ids at a time, and the record line takes the id as bytes: no string.
 */
export function writeRecordId(target: Uint8Array, at: number): void {
  if (next === BATCH) {
    randomFillSync(random);
    next = 0;
  }
  let from = next++ * 16;
  for (let i = 0; i < 16; i++, from++) {
    // RFC 9562 version 4 and variant bits, as crypto.randomUUID() sets them.
    const value = i === 6 ? (random[from]! & 0x0f) | 0x40 : i === 8 ? (random[from]! & 0x3f) | 0x80 : random[from]!;
    const to = at + AT[i]!;
    target[to] = HIGH[value]!;
    target[to + 1] = LOW[value]!;
  }
  target[at + 8] = DASH;
  target[at + 13] = DASH;
  target[at + 18] = DASH;
  target[at + 23] = DASH;
}

/** writeRecordId as a string (records that are built as objects). */
export function randomRecordId(): string {
  writeRecordId(scratch, 0);
  return scratch.toString('latin1', 0, RECORD_ID_LENGTH);
}
