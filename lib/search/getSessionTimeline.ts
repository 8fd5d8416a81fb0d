import type { Environment } from '../environment';
import { decodeCursor } from './cursor';
import type { ExecutionSummary } from './executionSummary';
import { searchExecutions } from './searchExecutions';

export interface SessionTimeline {
  /** Oldest first. */
  items: ExecutionSummary[];
  /** Long sessions come in pages: pass back as `cursor`. */
  nextCursor: string | null;
}

/** Every execution of one session in time order (seq breaks ties), a page at a time. */
export async function getSessionTimeline(environment: Environment, sessionId: string, options: { cursor?: string; limit?: number } = {}): Promise<SessionTimeline> {
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && (!cursor || cursor.sort !== 'time' || cursor.order !== 'asc')) throw new RangeError('not a session timeline cursor');
  const page = await searchExecutions(environment, { session: sessionId, sort: 'time', order: 'asc', limit: options.limit ?? 500, cursor: cursor ?? undefined }, { withTotal: false });
  return { items: page.items, nextCursor: page.nextCursor };
}
