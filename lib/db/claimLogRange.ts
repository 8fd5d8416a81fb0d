import type pg from 'pg';
import type { Environment } from '../environment';

/** Tables that keep a background worker's position (`next_seq`) in an environment's log. */
export type LogCursorTable = 'execution_search_progress' | 'detection_progress';

/**
 * Locks a worker's cursor (SKIP LOCKED: another instance holding it means "not now") and returns
 * the next range [from, to) of at most batchSize entries, or null when caught up or locked. Call
 * inside a transaction. Ingest numbers under the log head lock and commits rows with the head, so
 * every entry below the head's next_seq is visible to this (later) snapshot.
 */
export async function claimLogRange(client: pg.ClientBase, table: LogCursorTable, environment: Environment, batchSize: number): Promise<{ from: number; to: number } | null> {
  const progress = await client.query<{ next_seq: string }>(`SELECT next_seq FROM ${table} WHERE environment = $1 FOR UPDATE SKIP LOCKED`, [environment]);
  const head = await client.query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment]);
  const from = Number(progress.rows[0]?.next_seq ?? NaN);
  const logSize = Number(head.rows[0]?.next_seq ?? 0);
  return from < logSize ? { from, to: Math.min(logSize, from + batchSize) } : null;
}
