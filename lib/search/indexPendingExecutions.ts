import { pool } from '../db/pool';
import { ENVIRONMENTS, type Environment } from '../environment';
import { FACETS_SQL, searchTextSql, SUMMARY_COLUMNS } from './matchConditions';
import { claimLogRange } from '../db/claimLogRange';

/** Log entries (seq numbers) per transaction: short transactions, little work lost to a crash. */
export const INDEX_BATCH = 5000;

const COLUMNS = SUMMARY_COLUMNS.filter((column) => column !== 'environment' && column !== 'seq');
const INSERT_BATCH = `INSERT INTO execution_search (environment, seq, ${COLUMNS.join(', ')}, facets, search_text)
  SELECT e.environment, e.seq, ${COLUMNS.map((column) => `e.${column}`).join(', ')}, ${FACETS_SQL}, ${searchTextSql('e')}
  FROM executions e WHERE e.environment = $1 AND e.seq >= $2 AND e.seq < $3
  ON CONFLICT DO NOTHING`;

export interface IndexReport {
  /** Executions added to the search index by this call. */
  indexed: number;
  batches: number;
}

/**
 * Moves the next batch of an environment's log into execution_search and advances the watermark,
 * in one transaction. Returns null when caught up, or when another process holds the watermark
 * (several Warden instances may run the indexer; SKIP LOCKED keeps them from waiting on each other).
 */
async function indexBatch(environment: Environment, batchSize: number): Promise<number | null> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const range = await claimLogRange(client, 'execution_search_progress', environment, batchSize);
    if (!range) {
      await client.query('COMMIT');
      return null;
    }
    const { from, to } = range;
    const inserted = await client.query(INSERT_BATCH, [environment, from, to]);
    await client.query('UPDATE execution_search_progress SET next_seq = $2, updated_at = now() WHERE environment = $1', [environment, to]);
    await client.query('COMMIT');
    return inserted.rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Indexes every execution that arrived since the last call, batch by batch, until caught up (or
 * `maxBatches` per environment). Ingest never waits for this; searches stay complete meanwhile.
 */
export async function indexPendingExecutions(options: { batchSize?: number; maxBatches?: number; keepGoing?: () => boolean } = {}): Promise<IndexReport> {
  const report: IndexReport = { indexed: 0, batches: 0 };
  for (const environment of ENVIRONMENTS) {
    // keepGoing: a catch-up run stops between batches when the caller says so (ingest resumed).
    for (let batch = 0; batch < (options.maxBatches ?? Infinity) && (batch === 0 || (options.keepGoing?.() ?? true)); batch++) {
      const indexed = await indexBatch(environment, options.batchSize ?? INDEX_BATCH);
      if (indexed === null) break;
      report.indexed += indexed;
      report.batches++;
    }
  }
  return report;
}

export interface SearchIndexStatus {
  environment: Environment;
  /** Executions below this seq are in the search index. */
  indexedSeq: number;
  logSize: number;
  /** Log entries the indexer has still to read (queries read them from executions meanwhile). */
  lag: number;
}

export async function searchIndexStatus(): Promise<SearchIndexStatus[]> {
  const { rows } = await pool().query<{ environment: Environment; indexed: string; size: string }>(
    `SELECT p.environment, p.next_seq AS indexed, h.next_seq AS size FROM execution_search_progress p
     JOIN log_heads h USING (environment) ORDER BY p.environment`);
  return rows.map((row) => ({
    environment: row.environment, indexedSeq: Number(row.indexed), logSize: Number(row.size), lag: Math.max(0, Number(row.size) - Number(row.indexed)),
  }));
}
