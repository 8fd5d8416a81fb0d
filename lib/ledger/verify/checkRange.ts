import type pg from 'pg';
import type { Environment } from '../../environment';
import { leafHashLatin1 } from '../hashes';
import { BinaryCopyParser } from './binaryCopy';
import { CopyOutQuery } from './copyOutQuery';
import { quarantinedLines, quarantineEntry } from './databaseEntries';
import { EXECUTION_COPY_COLUMNS, executionCopySql, executionLeaf, executionSeq, MESSAGE_FIELDS, messageLeaf, STORED_HASH_COLUMNS } from './executionCopy';
import { SpanCheck } from './spanCheck';
import type { CheckedSpan } from './verifyEntries';

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
  const span = new SpanCheck(from, to - from);
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
