import { randomFillSync } from 'node:crypto';

const BATCH = 1024;
const LENGTH = 36;
const DASH = 0x2d;
/** The two hex digits of each byte value, as the character codes to store. */
const HIGH = Uint8Array.from({ length: 256 }, (_, byte) => '0123456789abcdef'.charCodeAt(byte >> 4));
const LOW = Uint8Array.from({ length: 256 }, (_, byte) => '0123456789abcdef'.charCodeAt(byte & 0x0f));
/** Where each of the 16 random bytes goes in `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`. */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const random = Buffer.allocUnsafe(16 * BATCH);
// The dashes never move: written once, and the loop below leaves them be.
const text = Buffer.alloc(LENGTH * BATCH, DASH);
let ids = '';
let next = BATCH;

function refill(): void {
  randomFillSync(random);
  // RFC 9562 version 4 and variant bits, as crypto.randomUUID() sets them.
  for (let byte = 6; byte < random.length; byte += 16) {
    random[byte] = (random[byte]! & 0x0f) | 0x40;
    random[byte + 2] = (random[byte + 2]! & 0x3f) | 0x80;
  }
  for (let n = 0, from = 0, base = 0; n < BATCH; n++, base += LENGTH) {
    for (let i = 0; i < 16; i++, from++) {
      const value = random[from]!;
      const at = base + AT[i]!;
      text[at] = HIGH[value]!;
      text[at + 1] = LOW[value]!;
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
