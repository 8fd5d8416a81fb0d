import { chainHash, GENESIS_CHAIN_HASH, leafHash } from '../hashes';
import { CompactRange } from '../merkle';
import { openNote, parseCheckpoint, type NoteVerifier } from '../signedNote';

/** One log entry as a verifier sees it: the canonical document text and the hashes stored beside it. */
export interface VerifiableEntry {
  seq: number;
  /** The canonical JSON the leaf commits to: its UTF-8 bytes, or the text itself (hashed as UTF-8). */
  data: Buffer | string;
  leafHash: Buffer;
  chainHash: Buffer;
}

export interface VerifyProblem {
  seq: number;
  problem: string;
}

export interface VerifyReport {
  entries: number;
  checkpointsChecked: number;
  firstProblem: VerifyProblem | null;
  rootHash: Buffer;
  chainHash: Buffer;
  seconds: number;
}

export interface VerifyOptions {
  /** Signed notes to check (signature, origin, and root at their size). */
  checkpoints: string[];
  verifiers: ReadonlyArray<NoteVerifier | string>;
  origin: string;
  /** The size the log claims (the log head); entries missing before it are reported. */
  expectedSize?: number;
  onProgress?: (verified: number) => void;
}

export const PROBLEMS = {
  content: 'the stored record no longer hashes to its leaf hash (content changed)',
  chain: 'the hash chain breaks here (an entry before it was removed, reordered or forged)',
  missing: (seq: number, next: number | null) => `entry ${seq} is missing (next stored entry is ${next ?? 'none'})`,
  repeated: (seq: number) => `entry ${seq} appears twice or out of order`,
};

/**
 * A span of consecutive entries [from, from + leaves.length / 32) already checked on their own by
 * someone else (a worker thread): each leaf recomputed from its document and equal to the stored
 * one, and each stored chain hash after the first equal to SHA-256(stored chain hash before it ‖
 * leaf). What is left for the log's verifier is the link into the span — the first stored chain
 * hash against the chain computed so far — and the Merkle roots; `problem` is the first the
 * checker found inside the span (the entries before it are the ones in `leaves`).
 */
export interface CheckedSpan {
  from: number;
  leaves: Uint8Array;
  firstChainHash: Buffer | null;
  lastChainHash: Buffer | null;
  problem: VerifyProblem | null;
}

/**
 * The state of one pass through a log: the hash chain, the Merkle tree's compact range, and the
 * signed roots still to meet. Entries (or checked spans) are fed in seq order; the first problem
 * ends the pass.
 */
export class LogVerifier {
  readonly #started = performance.now();
  readonly #bySize = new Map<number, Buffer>();
  #signedSizes: number[] = [];
  readonly #merkle = new CompactRange();
  #chain = GENESIS_CHAIN_HASH;
  #checkpointsChecked = 0;
  firstProblem: VerifyProblem | null = null;

  constructor(private readonly options: VerifyOptions) {
    for (const note of options.checkpoints) {
      let checkpoint;
      try {
        checkpoint = parseCheckpoint(openNote(note, options.verifiers).text);
      } catch (error) {
        this.firstProblem = { seq: -1, problem: `a checkpoint does not verify: ${(error as Error).message}` };
        return;
      }
      if (checkpoint.origin !== options.origin) this.firstProblem ??= { seq: -1, problem: `checkpoint origin ${checkpoint.origin} is not ${options.origin}` };
      this.#bySize.set(checkpoint.size, checkpoint.rootHash);
    }
    this.#signedSizes = [...this.#bySize.keys()].sort((a, b) => a - b);
  }

  get size(): number {
    return this.#merkle.size;
  }

  /** Checks one entry; false once a problem is found (then firstProblem names it). */
  add(entry: VerifiableEntry): boolean {
    const seq = this.#merkle.size;
    if (entry.seq !== seq) return this.#fail(entry.seq > seq ? { seq, problem: PROBLEMS.missing(seq, entry.seq) } : { seq: entry.seq, problem: PROBLEMS.repeated(entry.seq) });
    const leaf = leafHash(entry.data);
    if (!leaf.equals(entry.leafHash)) return this.#fail({ seq, problem: PROBLEMS.content });
    const chain = chainHash(this.#chain, leaf);
    if (!chain.equals(entry.chainHash)) return this.#fail({ seq, problem: PROBLEMS.chain });
    this.#chain = chain;
    if (!this.#appendLeaf(leaf)) return false;
    if (this.#merkle.size % 10_000 === 0) this.options.onProgress?.(this.#merkle.size);
    return true;
  }

  /** Takes a span checked elsewhere (see CheckedSpan); false once a problem is found. */
  addSpan(span: CheckedSpan): boolean {
    if (span.from !== this.#merkle.size) throw new RangeError(`span starts at ${span.from}, the log is at ${this.#merkle.size}`);
    const count = span.leaves.length / 32;
    if (count > 0) {
      const first = Buffer.from(span.leaves.buffer, span.leaves.byteOffset, 32);
      if (!chainHash(this.#chain, first).equals(span.firstChainHash!)) return this.#fail({ seq: span.from, problem: PROBLEMS.chain });
      // In bulk up to each signed size inside the span, where the root is checked.
      let done = 0;
      for (const size of this.#signedSizes) {
        if (size <= span.from || size > span.from + count) continue;
        this.#merkle.appendLeaves(span.leaves.subarray(32 * done), size - span.from - done);
        done = size - span.from;
        if (!this.#checkRoot()) return false;
      }
      this.#merkle.appendLeaves(span.leaves.subarray(32 * done), count - done);
      // By induction the chain computed through the span equals the stored one at its end.
      this.#chain = span.lastChainHash!;
      this.options.onProgress?.(this.#merkle.size);
    }
    return span.problem ? this.#fail(span.problem) : true;
  }

  /** Ends the pass: a signed size or a log head beyond the last entry means the tail was removed. */
  finish(): VerifyReport {
    if (!this.firstProblem) {
      const size = this.#merkle.size;
      const unreached = [...this.#bySize.keys()].filter((signed) => signed > size).sort((a, b) => a - b)[0];
      if (unreached !== undefined) this.firstProblem = { seq: size, problem: `a signed checkpoint covers ${unreached} entries but the log ends at ${size} (tail removed)` };
      else if (this.options.expectedSize !== undefined && this.options.expectedSize > size) {
        this.firstProblem = { seq: size, problem: `the log head says ${this.options.expectedSize} entries but the log ends at ${size} (tail removed)` };
      }
    }
    return this.report();
  }

  report(): VerifyReport {
    return {
      entries: this.#merkle.size, checkpointsChecked: this.#checkpointsChecked, firstProblem: this.firstProblem,
      rootHash: this.#merkle.root(), chainHash: this.#chain, seconds: (performance.now() - this.#started) / 1000,
    };
  }

  #appendLeaf(leaf: Buffer): boolean {
    this.#merkle.append(leaf);
    return this.#checkRoot();
  }

  /** Meets the signed root at the current size, if a checkpoint has one. */
  #checkRoot(): boolean {
    const signedRoot = this.#bySize.get(this.#merkle.size);
    if (!signedRoot) return true;
    this.#checkpointsChecked++;
    if (signedRoot.equals(this.#merkle.root())) return true;
    return this.#fail({ seq: this.#merkle.size - 1, problem: `the Merkle root at size ${this.#merkle.size} differs from the signed checkpoint` });
  }

  #fail(problem: VerifyProblem): false {
    this.firstProblem ??= problem;
    return false;
  }
}

/**
 * Streams through a log once — constant memory — recomputing every leaf from its document, the
 * hash chain, and the Merkle root at every checkpoint size; stops at the first problem, naming it.
 */
export async function verifyEntries(entries: AsyncIterable<VerifiableEntry>, options: VerifyOptions): Promise<VerifyReport> {
  const verifier = new LogVerifier(options);
  if (verifier.firstProblem) return verifier.report();
  for await (const entry of entries) {
    if (!verifier.add(entry)) return verifier.report();
  }
  return verifier.finish();
}
