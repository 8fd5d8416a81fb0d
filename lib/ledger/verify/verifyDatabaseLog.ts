import { availableParallelism } from 'node:os';
import type pg from 'pg';
import type { Environment } from '../../environment';
import { checkRange } from './checkRange';
import { inOrder, steps } from './inOrder';
import { lastStoredSeq, PAGE } from './databaseEntries';
import { RangeWorkers, rangeWorkersAvailable } from './rangeWorkers';
import { LogVerifier, PROBLEMS, type CheckedSpan, type VerifyOptions, type VerifyReport } from './verifyEntries';

export interface DatabaseVerifyOptions extends VerifyOptions {
  /** Worker threads; 0 checks every range in this thread over `client`. Default: defaultVerifyWorkers. */
  workers?: number;
  /** Entries per range (tests make it small to cross range boundaries). */
  rangeSize?: number;
  /** Where the workers connect; default DATABASE_URL. */
  connectionString?: string;
}

// Below this many entries starting threads (each loads the sources) costs more than it saves.
const PARALLEL_FROM = 3 * PAGE;
const PARALLEL_ON_TWO_CORES_FROM = 500_000;

/**
 * Worker threads for a log of `entries` on `cores` cores. On two cores PostgreSQL sends the rows from the
 * same cores, and bench:verify measured two workers at 0.80× of one thread on 200k entries (starting them
 * is much of their work there) and at 1.03–1.07× on 1M: they pay off only on large logs.
 */
export function defaultVerifyWorkers(entries: number, cores: number = availableParallelism()): number {
  if (entries < PARALLEL_FROM || cores < 2 || (cores === 2 && entries < PARALLEL_ON_TWO_CORES_FROM)) return 0;
  return Math.min(4, cores);
}

/**
 * `warden verify` of an execution log (executions + quarantined lines) in the database: the log is
 * cut into ranges that worker threads check on their own, each over its own connection, while
 * this thread links the ranges into one chain, grows the Merkle tree and meets the signed roots —
 * in seq order, so the first problem named is the first in the log, exactly as one pass would.
 */
export async function verifyDatabaseLog(client: pg.ClientBase, environment: Environment, options: DatabaseVerifyOptions): Promise<VerifyReport> {
  const verifier = new LogVerifier(options);
  if (verifier.firstProblem) return verifier.report();
  const last = await lastStoredSeq(client, environment);
  const rangeSize = options.rangeSize ?? PAGE;
  const workerCount = options.workers ?? (rangeWorkersAvailable() ? defaultVerifyWorkers(last + 1) : 0);
  const connectionString = options.connectionString ?? process.env.DATABASE_URL;
  const workers = workerCount > 0 && connectionString ? new RangeWorkers(workerCount, connectionString) : null;
  // Ranges stop at the last entry stored when the pass began: everything up to it was committed by then (appends are
  // serialised on the log head), while later entries commit as the pass goes, and a range that read them with its
  // quarantined lines and its executions in two statements could see one without the other (a false gap).
  const rangeEnd = (from: number) => Math.min(from + rangeSize, last + 1);
  // While the workers load their code (a few hundred ms), this thread checks a range itself.
  let checkingHere = false;
  const check = (from: number): Promise<CheckedSpan> => {
    if (workers && (workers.ready || checkingHere)) return workers.check(environment, from, rangeEnd(from));
    checkingHere = true;
    const span = checkRange(client, environment, from, rangeEnd(from));
    void span.finally(() => (checkingHere = false)).catch(() => {});
    return span;
  };
  try {
    // Two ranges per worker in flight: one being checked, the next already asked for.
    for await (const span of inOrder(steps(last + 1, rangeSize), workers ? 2 * workerCount : 1, check)) {
      if (!verifier.addSpan(span)) return verifier.report();
      const end = span.from + span.leaves.length / 32;
      if (end < rangeEnd(span.from)) {
        const { rows } = await client.query<{ next: string | null }>(
          `SELECT min(seq)::text AS next FROM (SELECT min(seq) AS seq FROM executions WHERE environment = $1 AND seq > $2
             UNION ALL SELECT min(seq) FROM quarantined_lines WHERE environment = $1 AND seq > $2) AS both_tables`, [environment, end]);
        verifier.firstProblem = { seq: end, problem: PROBLEMS.missing(end, rows[0]?.next == null ? null : Number(rows[0].next)) };
        return verifier.report();
      }
    }
    return verifier.finish();
  } finally {
    await workers?.close();
  }
}
