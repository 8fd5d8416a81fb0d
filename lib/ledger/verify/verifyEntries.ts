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

/**
 * Streams through a log once — constant memory — recomputing every leaf from its document, the
 * hash chain, and the Merkle root at every checkpoint size; stops at the first problem, naming it.
 */
export async function verifyEntries(entries: AsyncIterable<VerifiableEntry>, options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const bySize = new Map<number, Buffer>();
  let firstProblem: VerifyProblem | null = null;
  for (const note of options.checkpoints) {
    let checkpoint;
    try {
      checkpoint = parseCheckpoint(openNote(note, options.verifiers).text);
    } catch (error) {
      firstProblem = { seq: -1, problem: `a checkpoint does not verify: ${(error as Error).message}` };
      break;
    }
    if (checkpoint.origin !== options.origin) firstProblem ??= { seq: -1, problem: `checkpoint origin ${checkpoint.origin} is not ${options.origin}` };
    bySize.set(checkpoint.size, checkpoint.rootHash);
  }
  const merkle = new CompactRange();
  let chain = GENESIS_CHAIN_HASH;
  let checkpointsChecked = 0;
  const finish = (): VerifyReport => ({
    entries: merkle.size, checkpointsChecked, firstProblem, rootHash: merkle.root(), chainHash: chain, seconds: (performance.now() - started) / 1000,
  });
  if (firstProblem) return finish();

  for await (const entry of entries) {
    const seq = merkle.size;
    if (entry.seq !== seq) {
      firstProblem = entry.seq > seq
        ? { seq, problem: `entry ${seq} is missing (next stored entry is ${entry.seq})` }
        : { seq: entry.seq, problem: `entry ${entry.seq} appears twice or out of order` };
      return finish();
    }
    const leaf = leafHash(entry.data);
    if (!leaf.equals(entry.leafHash)) {
      firstProblem = { seq, problem: 'the stored record no longer hashes to its leaf hash (content changed)' };
      return finish();
    }
    chain = chainHash(chain, leaf);
    if (!chain.equals(entry.chainHash)) {
      firstProblem = { seq, problem: 'the hash chain breaks here (an entry before it was removed, reordered or forged)' };
      return finish();
    }
    merkle.append(leaf);
    const signedRoot = bySize.get(merkle.size);
    if (signedRoot) {
      checkpointsChecked++;
      if (!signedRoot.equals(merkle.root())) {
        firstProblem = { seq, problem: `the Merkle root at size ${merkle.size} differs from the signed checkpoint` };
        return finish();
      }
    }
    if (merkle.size % 10_000 === 0) options.onProgress?.(merkle.size);
  }
  const unreached = [...bySize.keys()].filter((size) => size > merkle.size).sort((a, b) => a - b)[0];
  if (unreached !== undefined) firstProblem = { seq: merkle.size, problem: `a signed checkpoint covers ${unreached} entries but the log ends at ${merkle.size} (tail removed)` };
  else if (options.expectedSize !== undefined && options.expectedSize > merkle.size) {
    firstProblem = { seq: merkle.size, problem: `the log head says ${options.expectedSize} entries but the log ends at ${merkle.size} (tail removed)` };
  }
  return finish();
}
