import { randomFillSync } from 'node:crypto';

const BATCH = 1024;
/** Characters in `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`. */
export const RECORD_ID_LENGTH = 36;
const random = Buffer.allocUnsafe(16 * BATCH);
/** The batch's random bytes as hex digits (lower case), 32 per id. */
const digits = Buffer.allocUnsafe(32 * BATCH);
let next = BATCH;
const scratch = Buffer.allocUnsafe(RECORD_ID_LENGTH);
/** The variant digit (8, 9, a or b) for each hex digit's character code: its value's two low bits. */
const VARIANT = new Uint8Array(128);
for (let value = 0; value < 16; value++) VARIANT['0123456789abcdef'.charCodeAt(value)] = '89ab'.charCodeAt(value & 3);

function refill(): void {
  randomFillSync(random);
  // Native hex encoding for the whole batch: formatting digit by digit in JavaScript cost more than the rest of an id.
  digits.write(random.toString('hex'), 0, 'latin1');
  next = 0;
}

/**
 * Writes a fresh random (version 4) UUID, exactly as `crypto.randomUUID()` forms one — 122 bits from
 * the same CSPRNG, so record ids stay unguessable (a predictable id could be claimed first and the
 * real record dropped as a duplicate) — as its 36 ASCII bytes at `target[at, at + 36)`. The random
 * bytes are drawn and hex-encoded a thousand ids at a time, and the record line takes the id as
 * bytes: no string.
 */
export function writeRecordId(target: Uint8Array, at: number): void {
  if (next === BATCH) refill();
  const from = next++ * 32;
  const hex = digits;
  for (let i = 0; i < 8; i++) target[at + i] = hex[from + i]!;
  target[at + 8] = 0x2d;
  for (let i = 8; i < 12; i++) target[at + 1 + i] = hex[from + i]!;
  target[at + 13] = 0x2d;
  // RFC 9562 version and variant, as crypto.randomUUID() sets them: byte 6's high digit becomes 4,
  // byte 8's high digit 8 | its two low bits.
  target[at + 14] = 0x34;
  for (let i = 13; i < 16; i++) target[at + 2 + i] = hex[from + i]!;
  target[at + 18] = 0x2d;
  target[at + 19] = VARIANT[hex[from + 16]!]!;
  for (let i = 17; i < 20; i++) target[at + 3 + i] = hex[from + i]!;
  target[at + 23] = 0x2d;
  for (let i = 20; i < 32; i++) target[at + 4 + i] = hex[from + i]!;
}

/** writeRecordId as a string (records that are built as objects). */
export function randomRecordId(): string {
  writeRecordId(scratch, 0);
  return scratch.toString('latin1', 0, RECORD_ID_LENGTH);
}
