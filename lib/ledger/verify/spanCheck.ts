import { chainHashLatin1 } from '../hashes';
import { PROBLEMS, type CheckedSpan, type VerifyProblem } from './verifyEntries';

/** Whether bytes[start, end) are exactly the bytes of the Latin-1 string `text` (a hash from sha256Latin1). */
function equalsLatin1At(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * The entries of one range taken in seq order, each checked as it comes (see checkRange): no entry
 * is kept, only its leaf and the stored chain hash the next one links to.
 */
export class SpanCheck {
  readonly #leaves: Buffer;
  #expected: number;
  #firstChainHash: Buffer | null = null;
  #previous: Buffer | null = null;
  problem: VerifyProblem | null = null;

  /** `capacity`: the most entries the span can take (its leaves are kept until result()). */
  constructor(readonly from: number, capacity: number) {
    // Its own memory (never the pool): the worker hands the buffer over to the main thread.
    this.#leaves = Buffer.alloc(32 * capacity);
    this.#expected = from;
  }

  /** The seq the next entry must have. */
  get expected(): number {
    return this.#expected;
  }

  /** Takes the next entry (its leaf recomputed, its stored hashes at bytes[start, end)); false once a problem is found. */
  add(seq: number, leaf: string, leafBytes: Uint8Array, leafStart: number, leafEnd: number, chainBytes: Uint8Array, chainStart: number, chainEnd: number): boolean {
    const expected = this.#expected;
    if (seq !== expected) {
      this.problem = seq > expected ? { seq: expected, problem: PROBLEMS.missing(expected, seq) } : { seq, problem: PROBLEMS.repeated(seq) };
      return false;
    }
    // Hashes as Latin-1 strings, compared with the stored bytes directly (hashes.ts says why).
    if (!equalsLatin1At(leafBytes, leafStart, leafEnd, leaf)) this.problem = { seq, problem: PROBLEMS.content };
    else if (this.#previous !== null && !equalsLatin1At(chainBytes, chainStart, chainEnd, chainHashLatin1(this.#previous, leaf))) this.problem = { seq, problem: PROBLEMS.chain };
    if (this.problem) return false;
    // Copied (the stored bytes may be a view of a read buffer that is reused), into the same 32 bytes each time.
    if (chainEnd - chainStart === 32 && this.#previous?.length === 32) {
      for (let i = 0; i < 32; i++) this.#previous[i] = chainBytes[chainStart + i]!;
    } else {
      this.#previous = Buffer.from(chainBytes.subarray(chainStart, chainEnd));
    }
    this.#firstChainHash ??= Buffer.from(this.#previous);
    this.#leaves.write(leaf, 32 * (expected - this.from), 'latin1');
    this.#expected++;
    return true;
  }

  result(): CheckedSpan {
    const lastChainHash = this.#previous && Buffer.from(this.#previous);
    return { from: this.from, leaves: this.#leaves.subarray(0, 32 * (this.#expected - this.from)), firstChainHash: this.#firstChainHash, lastChainHash, problem: this.problem };
  }
}
