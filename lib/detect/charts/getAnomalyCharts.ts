import { pool } from '../../db/pool';
import type { Environment } from '../../environment';
import { addInto, emptyHistogram, quantile } from '../rollups/latencyHistogram';
import { ALL_TOOLS } from '../rollups/updateRollups';
import type { Severity } from '../types';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Tools drawn as their own series; the rest are summed as "other". */
export const TOP_TOOLS = 8;

export interface ChartBucket {
  /** Bucket start, epoch ms. */
  t: number;
  calls: number;
  errors: number;
  /** Calls per tool (top tools, then `other`). */
  byTool: Record<string, number>;
  errorRate: number | null;
  p95Ms: number | null;
  alerts: Record<Severity, number>;
}

export interface ChartMarker {
  id: string;
  t: number;
  detector: string;
  severity: Severity;
  title: string;
  tool: string | null;
  evidenceCount: number;
  evidenceSeqs: number[];
}

export interface AnomalyCharts {
  from: number;
  to: number;
  bucketMs: number;
  /** Which rollup answered: minutes for short ranges, hours for long ones. */
  source: 'rollup_minutes' | 'rollup_hours';
  tools: string[];
  buckets: ChartBucket[];
  markers: ChartMarker[];
  topTools: Array<{ tool: string; calls: number; errors: number; p95Ms: number | null }>;
  topUsers: Array<{ user: string; calls: number; errors: number }>;
  totals: { calls: number; errors: number; p95Ms: number | null };
}

/** Bucket width for a range: about 60–300 points whatever the span. */
export function bucketFor(spanMs: number): { bucketMs: number; source: AnomalyCharts['source'] } {
  if (spanMs <= 3 * HOUR) return { bucketMs: MINUTE, source: 'rollup_minutes' };
  if (spanMs <= 12 * HOUR) return { bucketMs: 5 * MINUTE, source: 'rollup_minutes' };
  if (spanMs <= 18 * HOUR) return { bucketMs: 15 * MINUTE, source: 'rollup_minutes' };
  if (spanMs <= 8 * 24 * HOUR) return { bucketMs: HOUR, source: 'rollup_hours' };
  if (spanMs <= 32 * 24 * HOUR) return { bucketMs: 3 * HOUR, source: 'rollup_hours' };
  return { bucketMs: 24 * HOUR, source: 'rollup_hours' };
}

/** `{1,2,3}` → numbers, faster than the driver's generic array parser for thousands of histograms. */
export function parseIntArray(text: string | null): number[] | null {
  if (!text || text.length < 2) return null;
  return text.slice(1, -1).split(',').map(Number);
}

type CountRow = { bucket: Date; tool: string; calls: string; errors: string };
type HistogramRow = { bucket: Date; tool: string; latency_buckets: string | null };

/**
 * Everything the anomaly charts draw for [from, to), read from the rollups the detection runner
 * keeps (never from executions): calls by tool and status, error rate, p95 latency from merged
 * histograms, top tools and users, alert markers and alerts over time. Counts are summed in SQL;
 * histograms come from the all-tools rows (one per minute or hour) and, for the top tools' p95,
 * from the hour rows of those tools.
 */
export async function getAnomalyCharts(environment: Environment, range: { from: Date; to: Date; tool?: string }): Promise<AnomalyCharts> {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const { bucketMs, source } = bucketFor(to - from);
  const column = source === 'rollup_minutes' ? 'minute' : 'hour';
  const interval = `${bucketMs / 1000} seconds`;
  const histogramTool = range.tool ?? ALL_TOOLS;
  const [counts, histograms, users, alerts] = await Promise.all([
    pool().query<CountRow>(
      `SELECT date_bin($4::interval, ${column}, TIMESTAMPTZ '2000-01-01') AS bucket, tool, sum(calls) AS calls, sum(errors) AS errors
       FROM ${source} WHERE environment = $1 AND ${column} >= $2 AND ${column} < $3 AND ${range.tool ? 'tool = $5' : `tool <> '${ALL_TOOLS}'`}
       GROUP BY 1, 2`, [environment, range.from, range.to, interval, ...(range.tool ? [range.tool] : [])]),
    pool().query<HistogramRow>(
      `SELECT date_bin($4::interval, ${column}, TIMESTAMPTZ '2000-01-01') AS bucket, tool, latency_buckets::text AS latency_buckets
       FROM ${source} WHERE environment = $1 AND ${column} >= $2 AND ${column} < $3 AND tool = $5`,
      [environment, range.from, range.to, interval, histogramTool]),
    // Top users: whole days from the day rollup, the partial days at either end from the hour rollup.
    pool().query<{ user_id: string; calls: string; errors: string }>(
      `WITH edges AS (SELECT date_trunc('day', $2::timestamptz) + interval '1 day' AS first_day, date_trunc('day', $3::timestamptz) AS last_day),
       rows AS (
         SELECT d.user_id, d.calls, d.errors FROM rollup_user_days d, edges WHERE d.environment = $1 AND d.day >= edges.first_day AND d.day < edges.last_day
         UNION ALL
         SELECT h.user_id, h.calls, h.errors FROM rollup_user_hours h, edges WHERE h.environment = $1 AND h.hour >= date_trunc('hour', $2::timestamptz) AND h.hour < $3
           AND (h.hour < edges.first_day OR h.hour >= greatest(edges.last_day, edges.first_day)))
       SELECT user_id, sum(calls) AS calls, sum(errors) AS errors FROM rows GROUP BY user_id ORDER BY 2 DESC, 1 LIMIT 10`,
      [environment, range.from, range.to]),
    pool().query<{ id: string; first_seen_at: Date; detector: string; severity: Severity; title: string; subject_tool: string | null; evidence_count: number; evidence_seqs: string[] | null }>(
      `SELECT id, first_seen_at, detector, severity, title, subject_tool, evidence_count, evidence_seqs[1:50] AS evidence_seqs FROM alerts
       WHERE environment = $1 AND first_seen_at >= $2 AND first_seen_at < $3 ${range.tool ? 'AND subject_tool = $4' : ''}
       ORDER BY first_seen_at LIMIT 2000`, [environment, range.from, range.to, ...(range.tool ? [range.tool] : [])]),
  ]);
  const ranked = rankTools(counts.rows);
  const topNames = ranked.slice(0, 10).map(([tool]) => tool);
  const toolHistograms = topNames.length === 0 ? { rows: [] as HistogramRow[] } : await pool().query<HistogramRow>(
    `SELECT hour AS bucket, tool, latency_buckets::text AS latency_buckets FROM rollup_hours
     WHERE environment = $1 AND hour >= date_trunc('hour', $2::timestamptz) AND hour < $3 AND tool = ANY($4::text[])`,
    [environment, range.from, range.to, topNames]);
  return shapeCharts({
    from, to, bucketMs, source, counts: counts.rows, histograms: histograms.rows, toolHistograms: toolHistograms.rows, users: users.rows, alerts: alerts.rows,
  });
}

function rankTools(rows: CountRow[]): Array<[string, { calls: number; errors: number }]> {
  const byTool = new Map<string, { calls: number; errors: number }>();
  for (const row of rows) {
    const entry = byTool.get(row.tool) ?? { calls: 0, errors: 0 };
    entry.calls += Number(row.calls);
    entry.errors += Number(row.errors);
    byTool.set(row.tool, entry);
  }
  return [...byTool].sort((a, b) => b[1].calls - a[1].calls || a[0].localeCompare(b[0]));
}

export function shapeCharts(input: {
  from: number; to: number; bucketMs: number; source: AnomalyCharts['source']; counts: CountRow[]; histograms: HistogramRow[]; toolHistograms: HistogramRow[];
  users: Array<{ user_id: string; calls: string; errors: string }>;
  alerts: Array<{ id: string; first_seen_at: Date; detector: string; severity: Severity; title: string; subject_tool: string | null; evidence_count: number; evidence_seqs: string[] | null }>;
}): AnomalyCharts {
  const { from, to, bucketMs } = input;
  const ranked = rankTools(input.counts);
  const tools = ranked.slice(0, TOP_TOOLS).map(([tool]) => tool);
  const shown = new Set(tools);
  if (ranked.length > TOP_TOOLS) tools.push('other');
  const first = from - (from % bucketMs);
  const count = Math.max(1, Math.ceil((to - first) / bucketMs));
  const buckets: Array<ChartBucket & { histogram: number[] }> = Array.from({ length: count }, (_, i) => ({
    t: first + i * bucketMs, calls: 0, errors: 0, byTool: Object.fromEntries(tools.map((tool) => [tool, 0])), errorRate: null, p95Ms: null,
    alerts: { low: 0, medium: 0, high: 0, critical: 0 }, histogram: emptyHistogram(),
  }));
  const at = (ms: number) => buckets[Math.min(count - 1, Math.max(0, Math.floor((ms - first) / bucketMs)))]!;
  for (const row of input.counts) {
    const bucket = at(row.bucket.getTime());
    const calls = Number(row.calls);
    bucket.calls += calls;
    bucket.errors += Number(row.errors);
    const series = shown.has(row.tool) ? row.tool : 'other';
    bucket.byTool[series] = (bucket.byTool[series] ?? 0) + calls;
  }
  for (const row of input.histograms) addInto(at(row.bucket.getTime()).histogram, parseIntArray(row.latency_buckets));
  const all = emptyHistogram();
  for (const bucket of buckets) {
    bucket.errorRate = bucket.calls > 0 ? bucket.errors / bucket.calls : null;
    const p95 = quantile(bucket.histogram, 0.95);
    bucket.p95Ms = p95 === null ? null : Math.round(p95 * 10) / 10;
    addInto(all, bucket.histogram);
  }
  const perTool = new Map<string, number[]>();
  for (const row of input.toolHistograms) addInto(perTool.get(row.tool) ?? perTool.set(row.tool, emptyHistogram()).get(row.tool)!, parseIntArray(row.latency_buckets));
  const markers = input.alerts.map((alert): ChartMarker => ({
    id: alert.id, t: alert.first_seen_at.getTime(), detector: alert.detector, severity: alert.severity, title: alert.title, tool: alert.subject_tool,
    evidenceCount: alert.evidence_count, evidenceSeqs: (alert.evidence_seqs ?? []).map(Number),
  }));
  for (const marker of markers) at(marker.t).alerts[marker.severity]++;
  const p95 = quantile(all, 0.95);
  const rounded = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    from, to, bucketMs, source: input.source, tools,
    buckets: buckets.map(({ histogram: _histogram, ...bucket }) => bucket),
    markers,
    topTools: ranked.slice(0, 10).map(([tool, entry]) => ({ tool, calls: entry.calls, errors: entry.errors, p95Ms: rounded(quantile(perTool.get(tool) ?? emptyHistogram(), 0.95)) })),
    topUsers: input.users.map((row) => ({ user: row.user_id, calls: Number(row.calls), errors: Number(row.errors) })),
    totals: { calls: ranked.reduce((sum, [, e]) => sum + e.calls, 0), errors: ranked.reduce((sum, [, e]) => sum + e.errors, 0), p95Ms: rounded(p95) },
  };
}
