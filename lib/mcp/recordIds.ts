import { randomFillSync } from 'node:crypto';

const BATCH = 1024;
const LENGTH = 36;
const DASH = 0x2d;
const HEX = Buffer.from('0123456789abcdef', 'latin1');
const random = Buffer.allocUnsafe(16 * BATCH);
const text = Buffer.allocUnsafe(LENGTH * BATCH);
let ids = '';
let next = BATCH;

function refill(): void {
  randomFillSync(random);
  for (let n = 0, at = 0, byte = 0; n < BATCH; n++) {
    for (let i = 0; i < 16; i++, byte++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = DASH;
      // RFC 9562 version 4 and variant bits, as crypto.randomUUID() sets them.
      const value = i === 6 ? (random[byte]! & 0x0f) | 0x40 : i === 8 ? (random[byte]! & 0x3f) | 0x80 : random[byte]!;
      text[at++] = HEX[value >> 4]!;
      text[at++] = HEX[value & 0x0f]!;
    }
  }
  ids = text.toString('latin1');
  next = 0;
}

/**
 * A random (version 4) UUID, exactly like `crypto.randomUUID()` — 122 bits from the same CSPRNG, so
 * record ids stay unguessable (a predictable id could be claimed first and the real record dropped as
 * a duplicate) — but cut from one string of a thousand at a time: each id is a 32-byte slice instead
 * of the dozen intermediate strings randomUUID builds, which the garbage collector of a busy server
 * has to sweep up after every call.
 */
export function randomRecordId(): string {
  if (next === BATCH) refill();
  const at = next++ * LENGTH;
  return ids.slice(at, at + LENGTH);
}
