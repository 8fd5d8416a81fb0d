import { pool } from '../db/pool';

/**
 * How the indexed source is read. The planner cannot estimate how many rows a LIKE over trigrams
 * matches, so the search looks first (findMatches.ts planMatches) and picks the plan itself:
 *  - walk: many matches. Read rows in the sort's own btree order and stop after one page, even
 *    deep into the results (the keyset is an index condition): about page × total / matches rows.
 *  - bitmap: few matches. Collect all of them from the GIN index (facets and trigrams), then sort.
 *    More work_mem keeps large bitmaps exact: a lossy one rechecks every row of a page.
 *  - planner: no GIN condition (only time, duration, status ok): its statistics are good there.
 */
export type Mode = 'walk' | 'bitmap' | 'planner';

// Every search statement is short: JIT compilation (triggered by the walk's pessimistic cost) and
// parallel workers cost more to start than the statement takes.
const COMMON = ['jit = off', 'max_parallel_workers_per_gather = 0'];
const SETTINGS: Record<Mode, string[]> = {
  walk: [...COMMON, 'enable_bitmapscan = off', 'enable_seqscan = off', 'enable_sort = off'],
  bitmap: [...COMMON, 'enable_seqscan = off', 'enable_indexscan = off', 'enable_indexonlyscan = off', "work_mem = '32MB'"],
  planner: COMMON,
};

/** Runs one read-only statement under a mode's planner settings (SET LOCAL: they end with the transaction). */
export async function runInMode<T extends object>(mode: Mode, text: string, values: unknown[]): Promise<T[]> {
  const client = await pool().connect();
  try {
    await client.query(`BEGIN READ ONLY; ${SETTINGS[mode].map((setting) => `SET LOCAL ${setting}`).join('; ')}`);
    const { rows } = await client.query<T & Record<string, unknown>>(text, values);
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
