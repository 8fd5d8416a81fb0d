import type { Environment } from '../environment';
import { cursorAfter, encodeCursor } from './cursor';
import { toSummary, type ExecutionSummary } from './executionSummary';
import { estimateTotal, fetchMatches, planMatches } from './findMatches';
import type { ExtraCondition } from './matchConditions';
import type { ExecutionQuery } from './searchFilters';

export interface ExecutionPage {
  items: ExecutionSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Matches of the whole query (not only after the cursor); null when not asked for. */
  estimatedTotal: number | null;
  /** True when estimatedTotal is a count, false when it is extrapolated from a sample. */
  totalExact: boolean;
}

export interface SearchOptions {
  /** Skip the total (the session timeline, export); the probe still runs to choose the plan. */
  withTotal?: boolean;
  /** Conditions from other tables (e.g. detections); see ExtraCondition. */
  extra?: ExtraCondition[];
}

/**
 * One keyset page of the executions a query selects, in the query's sort order. Complete while the
 * search indexer lags: rows it has not reached yet are read from `executions` directly.
 */
export async function searchExecutions(environment: Environment, query: ExecutionQuery, options: SearchOptions = {}): Promise<ExecutionPage> {
  const spec = { environment, filters: query, now: new Date(), extra: options.extra };
  const plan = await planMatches(spec, { sort: query.sort, order: query.order, pageSize: query.limit });
  const [rows, total] = await Promise.all([
    fetchMatches(plan, query.cursor, query.limit + 1),
    options.withTotal === false ? null : estimateTotal(plan),
  ]);
  const items = rows.slice(0, query.limit).map(toSummary);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor(cursorAfter(query.sort, query.order, last)) : null,
    estimatedTotal: total?.total ?? null,
    totalExact: total?.exact ?? false,
  };
}
