import type pg from 'pg';
import type { Environment } from '../../environment';
import type { DetectionExecution } from '../types';
import { emptyHistogram, latencyBucket } from './latencyHistogram';

/** What a record is charted as: its tool, else its MCP method (prompts/get, resources/read…). */
export const chartTool = (execution: Pick<DetectionExecution, 'toolName' | 'method'>) => execution.toolName ?? execution.method ?? 'unknown';

/** The tool name of the rows that sum every tool of a minute (hour). No real tool is called `*`. */
export const ALL_TOOLS = '*';
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Cell { calls: number; errors: number; durationSum: number; buckets: number[] }

function accumulate(map: Map<string, Cell>, key: string, execution: DetectionExecution, withLatency: boolean): void {
  let cell = map.get(key);
  if (!cell) map.set(key, (cell = { calls: 0, errors: 0, durationSum: 0, buckets: withLatency ? emptyHistogram() : [] }));
  cell.calls++;
  if (execution.isError) cell.errors++;
  if (execution.durationMs !== null && Number.isFinite(execution.durationMs)) {
    cell.durationSum += execution.durationMs;
    if (withLatency) cell.buckets[latencyBucket(execution.durationMs)]!++;
  }
}

// Histograms add element-wise on conflict: records arrive in any time order.
const ADD_BUCKETS = `(SELECT array_agg(coalesce(a, 0) + coalesce(b, 0) ORDER BY i)
  FROM unnest(target.latency_buckets, EXCLUDED.latency_buckets) WITH ORDINALITY AS t(a, b, i))`;

function toolRollupSql(table: 'rollup_minutes' | 'rollup_hours', column: 'minute' | 'hour') {
  return `INSERT INTO ${table} AS target (environment, ${column}, tool, calls, errors, duration_sum, latency_buckets)
    SELECT $1, r.at, r.tool, r.calls, r.errors, r.duration_sum, r.latency_buckets
    FROM jsonb_to_recordset($2::jsonb) AS r(at timestamptz, tool text, calls int, errors int, duration_sum float8, latency_buckets int[])
    ON CONFLICT (environment, ${column}, tool) DO UPDATE SET calls = target.calls + EXCLUDED.calls, errors = target.errors + EXCLUDED.errors,
      duration_sum = target.duration_sum + EXCLUDED.duration_sum, latency_buckets = ${ADD_BUCKETS}`;
}

const userRollupSql = (table: 'rollup_user_hours' | 'rollup_user_days', column: 'hour' | 'day') => `INSERT INTO ${table} AS target (environment, ${column}, user_id, calls, errors)
  SELECT $1, r.at, r.user_id, r.calls, r.errors
  FROM jsonb_to_recordset($2::jsonb) AS r(at timestamptz, user_id text, calls int, errors int)
  ON CONFLICT (environment, ${column}, user_id) DO UPDATE SET calls = target.calls + EXCLUDED.calls, errors = target.errors + EXCLUDED.errors`;

/**
 * Adds a batch to the per-minute and per-hour tool rollups and the per-hour and per-day user rollups the charts
 * read. Runs in the detection runner's transaction, so each execution is counted exactly once.
 */
export async function updateRollups(client: Pick<pg.PoolClient, 'query'>, environment: Environment, executions: readonly DetectionExecution[]): Promise<void> {
  const minutes = new Map<string, Cell>();
  const hours = new Map<string, Cell>();
  const users = new Map<string, Cell>();
  const userDays = new Map<string, Cell>();
  for (const execution of executions) {
    const ms = execution.timestamp.getTime();
    const tool = chartTool(execution);
    accumulate(minutes, JSON.stringify([ms - (ms % MINUTE), tool]), execution, true);
    accumulate(hours, JSON.stringify([ms - (ms % HOUR), tool]), execution, true);
    // The all-tools row: the p95 chart reads one histogram per minute instead of one per tool.
    accumulate(minutes, JSON.stringify([ms - (ms % MINUTE), ALL_TOOLS]), execution, true);
    accumulate(hours, JSON.stringify([ms - (ms % HOUR), ALL_TOOLS]), execution, true);
    if (execution.userId !== null) {
      accumulate(users, JSON.stringify([ms - (ms % HOUR), '', execution.userId]), execution, false);
      accumulate(userDays, JSON.stringify([ms - (ms % DAY), '', execution.userId]), execution, false);
    }
  }
  const rows = (map: Map<string, Cell>) => JSON.stringify([...map].map(([key, cell]) => {
    const [at, tool, user] = JSON.parse(key) as [number, string, string?];
    return { at: new Date(at).toISOString(), tool, user_id: user, calls: cell.calls, errors: cell.errors, duration_sum: cell.durationSum, latency_buckets: cell.buckets };
  }));
  if (minutes.size > 0) await client.query(toolRollupSql('rollup_minutes', 'minute'), [environment, rows(minutes)]);
  if (hours.size > 0) await client.query(toolRollupSql('rollup_hours', 'hour'), [environment, rows(hours)]);
  if (users.size > 0) await client.query(userRollupSql('rollup_user_hours', 'hour'), [environment, rows(users)]);
  if (userDays.size > 0) await client.query(userRollupSql('rollup_user_days', 'day'), [environment, rows(userDays)]);
}
