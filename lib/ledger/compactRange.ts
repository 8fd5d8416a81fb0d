import { hash } from 'node:crypto';

const HASH_SIZE = 32;
// A safe integer has at most 53 set bits: one subtree root each, plus the slot a new leaf goes in.
const MAX_SLOTS = 54;

export interface CompactRangeJSON {
  size: number;
  hashes: string[];
}

const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
// Math.floor(x / 2) rather than >>> 1: sizes may exceed 2^32.
const half = (x: number) => Math.floor(x / 2);
const odd = (x: number) => x % 2 === 1;

export function popCount(n: number): number {
  let count = 0;
  for (let x = n; x > 0; x = half(x)) if (odd(x)) count++;
  return count;
}

/**
 * Incremental Merkle state for leaves 0..size-1: the roots of the perfect
 * subtrees given by the set bits of size, largest first. Appending is
 * amortised O(1) hashing and root() is O(log n), which is what lets a log row
 * carry its tree head forward without rereading every leaf.
 *
 * The roots sit back to back in one buffer, and an interior node is hashed from
 * a scratch copy of its two children: verifying a log appends a million leaves,
 * and a Buffer per leaf and per node cost more than the hashing.
 */
export class CompactRange {
  #size = 0;
  #depth = 0;
  // Slots of 32 bytes, then the node input 0x01 ‖ left ‖ right.
  readonly #slots = Buffer.alloc(HASH_SIZE * MAX_SLOTS + 1 + 2 * HASH_SIZE);
  readonly #input = new Uint8Array(this.#slots.buffer, this.#slots.byteOffset + HASH_SIZE * MAX_SLOTS, 1 + 2 * HASH_SIZE);

  constructor() {
    this.#input[0] = 0x01;
  }

  get size(): number {
    return this.#size;
  }

  /** Copies, so callers cannot corrupt the state. */
  get hashes(): Buffer[] {
    return Array.from({ length: this.#depth }, (_, i) => Buffer.from(this.#slots.subarray(HASH_SIZE * i, HASH_SIZE * (i + 1))));
  }

  append(leafHash: Uint8Array): void {
    if (!(leafHash instanceof Uint8Array) || leafHash.length !== HASH_SIZE) throw new TypeError(`leaf hash must be ${HASH_SIZE} bytes`);
    this.appendLeaves(leafHash, 1);
  }

  appendMany(leafHashes: Iterable<Uint8Array>): void {
    for (const h of leafHashes) this.append(h);
  }

  /** Appends the `count` leaf hashes held back to back at the start of `leaves`. */
  appendLeaves(leaves: Uint8Array, count: number): void {
    if (!Number.isSafeInteger(count) || count < 0 || leaves.length < HASH_SIZE * count) throw new RangeError(`${count} leaf hashes need ${HASH_SIZE * count} bytes`);
    if (this.#size + count > Number.MAX_SAFE_INTEGER) throw new RangeError('compact range is full');
    const slots = this.#slots;
    const input = this.#input;
    const inputAt = HASH_SIZE * MAX_SLOTS + 1;
    let size = this.#size;
    let depth = this.#depth;
    for (let leaf = 0; leaf < count; leaf++) {
      for (let i = 0, from = HASH_SIZE * leaf, to = HASH_SIZE * depth; i < HASH_SIZE; i++) slots[to + i] = leaves[from + i]!;
      depth++;
      // Each trailing 1 bit of the old size is a perfect subtree the same height as the new one,
      // so they merge like a binary carry.
      for (let s = size; odd(s); s = half(s)) {
        depth--;
        slots.copyWithin(inputAt, HASH_SIZE * (depth - 1), HASH_SIZE * (depth + 1));
        slots.write(hash('sha256', input, 'binary'), HASH_SIZE * (depth - 1), HASH_SIZE, 'latin1');
      }
      size++;
    }
    this.#size = size;
    this.#depth = depth;
  }

  /** MTH of all appended leaves: fold the subtree roots from the smallest up. */
  root(): Buffer {
    if (this.#depth === 0) return Buffer.from(hash('sha256', '', 'binary'), 'latin1');
    const slots = this.#slots;
    const inputAt = HASH_SIZE * MAX_SLOTS + 1;
    slots.copyWithin(inputAt + HASH_SIZE, HASH_SIZE * (this.#depth - 1), HASH_SIZE * this.#depth);
    for (let i = this.#depth - 2; i >= 0; i--) {
      slots.copyWithin(inputAt, HASH_SIZE * i, HASH_SIZE * (i + 1));
      slots.write(hash('sha256', this.#input, 'binary'), inputAt + HASH_SIZE, HASH_SIZE, 'latin1');
    }
    return Buffer.from(slots.subarray(inputAt + HASH_SIZE, inputAt + 2 * HASH_SIZE));
  }

  toJSON(): CompactRangeJSON {
    return { size: this.#size, hashes: this.hashes.map((h) => h.toString('base64')) };
  }

  /** Validates before trusting: the row may have been edited, and a bad state would poison every later root. */
  static fromJSON(value: unknown): CompactRange {
    const v = value as Partial<CompactRangeJSON> | null;
    if (typeof v !== 'object' || v === null || !isSize(v.size) || !Array.isArray(v.hashes)) throw new TypeError('compact range must be {size: non-negative integer, hashes: base64[]}');
    // One hash per set bit of size, or it is not a state appends can reach.
    if (v.hashes.length !== popCount(v.size)) throw new TypeError(`compact range of size ${v.size} needs ${popCount(v.size)} hashes, got ${v.hashes.length}`);
    const range = new CompactRange();
    v.hashes.forEach((b64, i) => {
      const h = typeof b64 === 'string' ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
      // Round-trip check: Buffer.from silently skips characters outside the alphabet.
      if (h.length !== HASH_SIZE || h.toString('base64') !== b64) throw new TypeError(`compact range hash ${i} is not base64 of ${HASH_SIZE} bytes`);
      h.copy(range.#slots, HASH_SIZE * i);
    });
    range.#size = v.size;
    range.#depth = v.hashes.length;
    return range;
  }
}
