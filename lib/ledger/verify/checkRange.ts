import type pg from 'pg';
import type { Environment } from '../../environment';
import { chainHashLatin1, leafHashLatin1 } from '../hashes';
import { BinaryCopyParser } from './binaryCopy';
import { CopyOutQuery } from './copyOutQuery';
import { quarantinedLines, quarantineEntry } from './databaseEntries';
import { EXECUTION_COPY_COLUMNS, executionCopySql, executionLeaf, executionSeq, MESSAGE_FIELDS, messageLeaf, STORED_HASH_COLUMNS } from './executionCopy';
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
class SpanCheck {
  readonly #leaves: Buffer;
  #expected: number;
  #firstChainHash: Buffer | null = null;
  #previous: Buffer | null = null;
  problem: VerifyProblem | null = null;

  constructor(readonly from: number, to: number) {
    // Its own memory (never the pool): the worker hands the buffer over to the main thread.
    this.#leaves = Buffer.alloc(32 * (to - from));
    this.#expected = from;
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

/**
 * Checks the stored entries of seqs [from, to) on their own (see CheckedSpan): every leaf rebuilt
 * from its row, and every chain hash after the range's first against the stored one before it.
 * Rows are checked as COPY hands them over, each in the same turn, so nothing queues; quarantined
 * lines are merged in by seq (on a tie the execution comes first). Stops at the first problem (the
 * rest of the COPY is read, not parsed). Entries may end before `to` (the end of the log, or a gap
 * the caller tells apart, as only it knows whether the log goes on).
 */
export async function checkRange(client: pg.ClientBase, environment: Environment, from: number, to: number): Promise<CheckedSpan> {
  const quarantined = await quarantinedLines(client, environment, from, to);
  const span = new SpanCheck(from, to);
  let next = 0;
  let going = true;
  const addQuarantinedBefore = (seq: number) => {
    while (going && next < quarantined.length && Number(quarantined[next]!.seq) < seq) {
      const entry = quarantineEntry(quarantined[next++]!);
      going = span.add(entry.seq, leafHashLatin1(entry.data), entry.leafHash, 0, entry.leafHash.length, entry.chainHash, 0, entry.chainHash.length);
    }
  };
  const { leafHash: LEAF, chainHash: CHAIN } = STORED_HASH_COLUMNS;
  const parser = new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length);
  const { leafHash: MESSAGE_LEAF, chainHash: MESSAGE_CHAIN, end: MESSAGE_END } = MESSAGE_FIELDS;
  const copy = new CopyOutQuery(executionCopySql(environment, from, to), (payload) => {
    if (!going) return;
    // PostgreSQL sends a message per row: hand a whole one to the module as it is; anything else is parsed here.
    const whole = parser.atRowStart ? messageLeaf(payload, environment) : null;
    if (whole) {
      addQuarantinedBefore(whole.seq);
      if (going) going = span.add(whole.seq, whole.leaf, payload, MESSAGE_LEAF, MESSAGE_CHAIN - 4, payload, MESSAGE_CHAIN, MESSAGE_END);
      return;
    }
    parser.push(payload, (row) => {
      if (!going) return;
      const seq = executionSeq(row);
      addQuarantinedBefore(seq);
      if (!going) return;
      const { buffer, start, end } = row;
      // A NULL hash (end -1) reads as no bytes.
      going = span.add(seq, executionLeaf(row, environment), buffer, start[LEAF]!, Math.max(start[LEAF]!, end[LEAF]!), buffer, start[CHAIN]!, Math.max(start[CHAIN]!, end[CHAIN]!));
    });
  });
  void client.query(copy);
  await copy.done;
  if (going) {
    parser.end();
    addQuarantinedBefore(Number.POSITIVE_INFINITY);
  }
  return span.result();
}
