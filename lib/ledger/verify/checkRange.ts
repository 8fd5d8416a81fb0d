import type pg from 'pg';
import type { Environment } from '../../environment';
import { chainHashLatin1, equalsLatin1, leafHashLatin1 } from '../hashes';
import { entryBatches } from './databaseEntries';
import { PROBLEMS, type CheckedSpan, type VerifyProblem } from './verifyEntries';

/**
 * Checks the stored entries of seqs [from, to) on their own (see CheckedSpan): every leaf rebuilt
 * from its row, and every chain hash after the range's first against the stored one before it.
 * Stops at the first problem. Entries may end before `to` (the end of the log, or a gap the
 * caller tells apart, as only it knows whether the log goes on).
 */
export async function checkRange(client: pg.ClientBase, environment: Environment, from: number, to: number): Promise<CheckedSpan> {
  const leaves = Buffer.alloc(32 * (to - from));
  let expected = from;
  let firstChainHash: Buffer | null = null;
  let previous: Buffer | null = null;
  let problem: VerifyProblem | null = null;
  outer: for await (const batch of entryBatches(client, environment, from, to)) {
    for (const entry of batch) {
      if (entry.seq !== expected) {
        problem = entry.seq > expected ? { seq: expected, problem: PROBLEMS.missing(expected, entry.seq) } : { seq: entry.seq, problem: PROBLEMS.repeated(entry.seq) };
        break outer;
      }
      // Hashes as Latin-1 strings, compared with the stored bytes directly (hashes.ts says why).
      const leaf = leafHashLatin1(entry.data);
      if (!equalsLatin1(entry.leafHash, leaf)) problem = { seq: expected, problem: PROBLEMS.content };
      else if (previous !== null && !equalsLatin1(entry.chainHash, chainHashLatin1(previous, leaf))) problem = { seq: expected, problem: PROBLEMS.chain };
      if (problem) break outer;
      firstChainHash ??= entry.chainHash;
      previous = entry.chainHash;
      leaves.write(leaf, 32 * (expected - from), 'latin1');
      expected++;
    }
  }
  return { from, leaves: leaves.subarray(0, 32 * (expected - from)), firstChainHash, lastChainHash: previous, problem };
}
