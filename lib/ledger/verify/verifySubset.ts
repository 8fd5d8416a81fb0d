import { leafHash } from '../hashes';
import { verifyInclusion } from '../merkle';
import { openNote, parseCheckpoint, type NoteVerifier } from '../signedNote';
import type { VerifyProblem } from './verifyEntries';

/** One entry of a partial export: its document, stored leaf hash and inclusion proof at the export's checkpoint. */
export interface ProvenEntry {
  seq: number;
  data: Buffer | string;
  leafHash: Buffer;
  proof: Buffer[];
}

export interface SubsetReport {
  entries: number;
  checkpointSize: number;
  rootHash: Buffer | null;
  firstProblem: VerifyProblem | null;
  seconds: number;
}

/**
 * Verifies a subset of a log — e.g. an explorer export of the executions a filter selected —
 * without the rest of it: the checkpoint's signature and origin, then for every entry its leaf
 * hash recomputed from `data` and an RFC 9162 inclusion proof up to that signed root. Forged,
 * edited or re-numbered entries fail; what the subset leaves out is, by design, not checked.
 */
export async function verifySubset(entries: AsyncIterable<ProvenEntry>, options: { checkpoint: string; verifiers: ReadonlyArray<NoteVerifier | string>; origin: string }): Promise<SubsetReport> {
  const started = performance.now();
  const report = (partial: Omit<SubsetReport, 'seconds'>): SubsetReport => ({ ...partial, seconds: (performance.now() - started) / 1000 });
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(options.checkpoint, options.verifiers).text);
  } catch (error) {
    return report({ entries: 0, checkpointSize: 0, rootHash: null, firstProblem: { seq: -1, problem: `the checkpoint does not verify: ${(error as Error).message}` } });
  }
  const base = { checkpointSize: checkpoint.size, rootHash: checkpoint.rootHash };
  if (checkpoint.origin !== options.origin) {
    return report({ ...base, entries: 0, firstProblem: { seq: -1, problem: `checkpoint origin ${checkpoint.origin} is not ${options.origin}` } });
  }
  let count = 0;
  let previous = -1;
  for await (const entry of entries) {
    const fail = (problem: string) => report({ ...base, entries: count, firstProblem: { seq: entry.seq, problem } });
    if (!Number.isSafeInteger(entry.seq) || entry.seq <= previous) return fail(`entry ${entry.seq} appears twice or out of order`);
    if (entry.seq >= checkpoint.size) return fail(`entry ${entry.seq} lies beyond the checkpoint (size ${checkpoint.size})`);
    const leaf = leafHash(typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data);
    if (!leaf.equals(entry.leafHash)) return fail('the exported record no longer hashes to its leaf hash (content changed)');
    if (!verifyInclusion(leaf, entry.seq, checkpoint.size, entry.proof, checkpoint.rootHash)) {
      return fail(`the inclusion proof does not lead to the signed root at size ${checkpoint.size} (not in the log at this position)`);
    }
    previous = entry.seq;
    count++;
  }
  return report({ ...base, entries: count, firstProblem: null });
}
