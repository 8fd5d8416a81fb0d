import type { Environment } from '../environment';
import { toSummary, type ExecutionSummary } from './executionSummary';
import { fetchMatches, planMatches } from './findMatches';
import type { ExecutionFilters } from './searchFilters';

export interface TailPage {
  /** Newest first (highest seq: latest to arrive). */
  items: ExecutionSummary[];
  /** Pass back as `since` in the next poll. */
  since: number;
  /** More than `limit` matches arrived since the last poll; only the newest are in `items`. */
  truncated: boolean;
}

/**
 * Live tail: executions that arrived after `since` (a seq; -1 or null: the latest ones), newest
 * first. Polling with the returned `since` sees every new record once, in arrival order, even when
 * the sender's clock is off.
 */
export async function tailExecutions(environment: Environment, filters: ExecutionFilters, since: number | null, limit = 100): Promise<TailPage> {
  const spec = { environment, filters, now: new Date() };
  const lowerSeq = since === null || since < 0 ? undefined : since + 1;
  // A poll reads a short seq range: the planner's seq statistics suffice, no probe needed.
  const plan = await planMatches(spec, { sort: 'seq', order: 'desc', lowerSeq, probe: lowerSeq === undefined });
  const rows = await fetchMatches(plan, undefined, limit + 1);
  const items = rows.slice(0, limit).map(toSummary);
  return { items, since: items[0]?.seq ?? since ?? -1, truncated: lowerSeq !== undefined && rows.length > limit };
}
