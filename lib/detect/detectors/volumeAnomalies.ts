import { addInto, emptyHistogram, latencyBucket, quantile } from '../rollups/latencyHistogram';
import { chartTool } from '../rollups/updateRollups';
import { countBaseline, round } from '../stats/robust';
import type { DetectionContext, DetectionExecution, Detector, RaiseAlertInput } from '../types';

/**
 * Rate, error and latency spikes per tool, per user and per user×tool, in 5-minute windows
 * (by execution time) against a seasonal robust baseline: the same subject's windows within an hour
 * of the same time of day on up to BASELINE_DAYS earlier days of the same kind (weekday or weekend),
 * so a busy Monday morning is compared with other weekday mornings. Quiet windows inside those
 * bands count as zero. A subject needs MIN_BASELINE_DAYS such days before it can alert ("learning").
 */
export const WINDOW_MS = 5 * 60_000;
export const BASELINE_DAYS = 14;
export const MIN_BASELINE_DAYS = 2;
const BAND_MS = 3_600_000;
/** Rate spike: calls ≥ max(RATE_MIN_CALLS, median + RATE_K·σ, RATE_RATIO × median). */
export const RATE_MIN_CALLS = 40;
/**
 * The floor for a user's calls over all their tools and sessions: several sessions of agent work
 * running at once reach 40 in 5 minutes on an ordinary day (seen in benign demo traffic), while one
 * tool or one session at that pace is still news.
 */
export const RATE_MIN_CALLS_USER = 60;
const rateFloor = (cell: Pick<Cell, 'kind'>) => (cell.kind === 'user' ? RATE_MIN_CALLS_USER : RATE_MIN_CALLS);
export const RATE_K = 6;
export const RATE_RATIO = 4;
/** Error spike: errors ≥ max(ERROR_MIN, median + ERROR_K·σ) and at least half the window's calls failed. */
export const ERROR_MIN = 6;
export const ERROR_K = 6;
/** Latency spike: ≥ LATENCY_MIN_CALLS calls whose median exceeds the baseline's p99 and LATENCY_RATIO × its median. */
export const LATENCY_MIN_CALLS = 8;
export const LATENCY_RATIO = 4;
const MAX_EVIDENCE_PER_WINDOW = 200;

interface Cell {
  subject: string; kind: 'tool' | 'user' | 'user_tool'; tool?: string; user?: string;
  windowStart: number; calls: number; errors: number; buckets: number[]; seqs: number[]; errorSeqs: number[];
}

const isWeekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());
const describeSubject = (cell: Pick<Cell, 'kind' | 'tool' | 'user'>) =>
  cell.kind === 'tool' ? `tool ${cell.tool}` : cell.kind === 'user' ? `user ${cell.user}` : `${cell.user} on ${cell.tool}`;
const fmtTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);

function cellsOf(executions: readonly DetectionExecution[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const e of executions) {
    const ms = e.timestamp.getTime();
    const windowStart = ms - (ms % WINDOW_MS);
    const tool = chartTool(e);
    const subjects: Array<Omit<Cell, 'windowStart' | 'calls' | 'errors' | 'buckets' | 'seqs' | 'errorSeqs'>> = [{ subject: `tool:${tool}`, kind: 'tool', tool }];
    if (e.userId) subjects.push({ subject: `user:${e.userId}`, kind: 'user', user: e.userId }, { subject: `user_tool:${e.userId}|${tool}`, kind: 'user_tool', user: e.userId, tool });
    for (const subject of subjects) {
      const key = `${subject.subject}\u0000${windowStart}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { ...subject, windowStart, calls: 0, errors: 0, buckets: emptyHistogram(), seqs: [], errorSeqs: [] }));
      cell.calls++;
      if (e.isError) {
        cell.errors++;
        if (cell.errorSeqs.length < MAX_EVIDENCE_PER_WINDOW) cell.errorSeqs.push(e.seq);
      }
      if (e.durationMs !== null) cell.buckets[latencyBucket(e.durationMs)]!++;
      if (cell.seqs.length < MAX_EVIDENCE_PER_WINDOW) cell.seqs.push(e.seq);
    }
  }
  return cells;
}

type WindowRow = { subject: string; window_start: Date; calls: number; errors: number; latency_buckets: number[] | null };

async function storeWindows(context: DetectionContext, cells: Cell[]): Promise<Map<string, WindowRow>> {
  const rows = await context.query<WindowRow>(
    `INSERT INTO detection_windows AS target (environment, subject, window_start, calls, errors, latency_buckets)
     SELECT $1, r.subject, r.window_start, r.calls, r.errors, r.latency_buckets
     FROM jsonb_to_recordset($2::jsonb) AS r(subject text, window_start timestamptz, calls int, errors int, latency_buckets int[])
     ON CONFLICT (environment, subject, window_start) DO UPDATE SET calls = target.calls + EXCLUDED.calls, errors = target.errors + EXCLUDED.errors,
       latency_buckets = (SELECT array_agg(coalesce(a, 0) + coalesce(b, 0) ORDER BY i) FROM unnest(target.latency_buckets, EXCLUDED.latency_buckets) WITH ORDINALITY AS t(a, b, i))
     RETURNING subject, window_start, calls, errors, latency_buckets`,
    [context.environment, JSON.stringify(cells.map((cell) => ({
      subject: cell.subject, window_start: new Date(cell.windowStart).toISOString(), calls: cell.calls, errors: cell.errors, latency_buckets: cell.buckets,
    })))]);
  return new Map(rows.map((row) => [`${row.subject}\u0000${row.window_start.getTime()}`, row]));
}

interface History { days: number; calls: number[]; errors: number[]; latency: number[] }

/** The seasonal history of each candidate window: same-kind days, ±1 h around the same time of day, zero-filled. */
async function histories(context: DetectionContext, candidates: Cell[]): Promise<Map<string, History>> {
  const result = new Map<string, History>();
  if (candidates.length === 0) return result;
  const rows = await context.query<WindowRow & { target: Date; d: number }>(
    `SELECT c.subject, c.target, d, w.window_start, w.calls, w.errors, w.latency_buckets
     FROM jsonb_to_recordset($2::jsonb) AS c(subject text, target timestamptz)
     CROSS JOIN generate_series(1, ${BASELINE_DAYS}) AS d
     JOIN detection_windows w ON w.environment = $1 AND w.subject = c.subject
       AND w.window_start >= c.target - d * interval '1 day' - interval '1 hour'
       AND w.window_start <= c.target - d * interval '1 day' + interval '1 hour'`,
    [context.environment, JSON.stringify(candidates.map((cell) => ({ subject: cell.subject, target: new Date(cell.windowStart).toISOString() })))]);
  const grouped = new Map<string, Map<number, WindowRow[]>>();
  for (const row of rows) {
    const key = `${row.subject}\u0000${row.target.getTime()}`;
    if (isWeekend(row.target.getTime() - row.d * 86_400_000) !== isWeekend(row.target.getTime())) continue;
    const byDay = grouped.get(key) ?? new Map<number, WindowRow[]>();
    byDay.set(row.d, [...(byDay.get(row.d) ?? []), row]);
    grouped.set(key, byDay);
  }
  const slots = (2 * BAND_MS) / WINDOW_MS + 1;
  for (const [key, byDay] of grouped) {
    const history: History = { days: byDay.size, calls: [], errors: [], latency: emptyHistogram() };
    for (const windows of byDay.values()) {
      for (const window of windows) {
        history.calls.push(window.calls);
        history.errors.push(window.errors);
        addInto(history.latency, window.latency_buckets);
      }
      for (let i = windows.length; i < slots; i++) {
        history.calls.push(0);
        history.errors.push(0);
      }
    }
    result.set(key, history);
  }
  return result;
}

function evaluate(cell: Cell, totals: WindowRow, history: History | undefined, environment: DetectionContext['environment']): RaiseAlertInput[] {
  if (!history || history.days < MIN_BASELINE_DAYS) return [];
  const findings: RaiseAlertInput[] = [];
  const where = `${fmtTime(cell.windowStart)}–${fmtTime(cell.windowStart + WINDOW_MS)} UTC`;
  const basis = `median ± robust σ of 5-min windows around this time on ${history.days} earlier ${isWeekend(cell.windowStart) ? 'weekend days' : 'weekdays'}`;
  const subject = { ...(cell.tool ? { tool: cell.tool } : {}), ...(cell.user ? { user: cell.user } : {}) };
  const common = { environment, subject, evidenceSeqs: cell.seqs };
  const calls = countBaseline(history.calls, history.days);
  if (totals.calls >= Math.max(rateFloor(cell), calls.median + RATE_K * calls.sigma, RATE_RATIO * calls.median)) {
    findings.push({ ...common, detector: 'rate_spike', severity: cell.kind === 'tool' ? 'medium' : 'high',
      title: `Call-rate spike: ${describeSubject(cell)}`,
      explanation: `${totals.calls} calls in 5 min (${where}), usual ${round(calls.median)} ± ${round(calls.sigma)} (${basis}).`,
      dedupeKey: `rate_spike|${cell.subject}` });
  }
  const errors = countBaseline(history.errors, history.days);
  if (totals.errors >= Math.max(ERROR_MIN, errors.median + ERROR_K * errors.sigma) && totals.errors * 2 >= totals.calls) {
    findings.push({ ...common, evidenceSeqs: cell.errorSeqs, detector: 'error_spike', severity: 'high',
      title: `Error spike: ${describeSubject(cell)}`,
      explanation: `${totals.errors} failed of ${totals.calls} calls in 5 min (${where}), usual ${round(errors.median)} ± ${round(errors.sigma)} failures (${basis}).`,
      dedupeKey: `error_spike|${cell.subject}` });
  }
  if (cell.kind === 'tool') {
    const now = addInto(emptyHistogram(), totals.latency_buckets);
    const nowCalls = now.reduce((sum, n) => sum + n, 0);
    const usualMedian = quantile(history.latency, 0.5);
    const usualP99 = quantile(history.latency, 0.99);
    const nowMedian = quantile(now, 0.5);
    const historyCalls = history.latency.reduce((sum, n) => sum + n, 0);
    if (nowCalls >= LATENCY_MIN_CALLS && historyCalls >= 50 && usualMedian !== null && usualP99 !== null && nowMedian !== null
      && nowMedian > usualP99 && nowMedian > LATENCY_RATIO * usualMedian) {
      findings.push({ ...common, detector: 'latency_spike', severity: 'medium',
        title: `Latency spike: ${describeSubject(cell)}`,
        explanation: `Median ${round(nowMedian)} ms over ${nowCalls} calls in 5 min (${where}), usual median ${round(usualMedian)} ms, p99 ${round(usualP99)} ms (${historyCalls} calls around this time on ${history.days} earlier days).`,
        dedupeKey: `latency_spike|${cell.subject}` });
    }
  }
  return findings;
}

export const volumeAnomalies: Detector = {
  name: 'volume_anomalies',
  label: 'Rate, error and latency spikes',
  description: 'Per tool, user and user×tool, 5-minute windows against a seasonal median/MAD baseline.',
  kind: 'statistical',
  emits: [
    { name: 'rate_spike', label: 'Call-rate spike', description: `Calls in a 5-minute window ≥ max(${RATE_MIN_CALLS} (${RATE_MIN_CALLS_USER} for a user over all tools), median + ${RATE_K}σ, ${RATE_RATIO}× median) of the same subject's windows within an hour of that time of day on up to ${BASELINE_DAYS} earlier days of the same kind (weekday/weekend); σ = max(1.4826·MAD, √median, 1). Needs ${MIN_BASELINE_DAYS} days of history.` },
    { name: 'error_spike', label: 'Error spike', description: `Failed calls in a 5-minute window ≥ max(${ERROR_MIN}, median + ${ERROR_K}σ) of the seasonal baseline, and at least half of the window's calls.` },
    { name: 'latency_spike', label: 'Latency spike', description: `A tool's median latency in a 5-minute window (≥ ${LATENCY_MIN_CALLS} calls) above its usual p99 and above ${LATENCY_RATIO}× its usual median at that time of day.` },
  ],
  async detect(executions, context) {
    const cells = [...cellsOf(executions).values()];
    if (cells.length === 0) return [];
    const totals = await storeWindows(context, cells);
    const key = (cell: Cell) => `${cell.subject}\u0000${cell.windowStart}`;
    // Only windows past the cheapest threshold look their history up.
    const candidates = cells.filter((cell) => {
      const row = totals.get(key(cell));
      return row && (row.calls >= RATE_MIN_CALLS || row.errors >= ERROR_MIN || (cell.kind === 'tool' && row.calls >= LATENCY_MIN_CALLS));
    });
    const history = await histories(context, candidates);
    return candidates.flatMap((cell) => evaluate(cell, totals.get(key(cell))!, history.get(key(cell)), context.environment));
  },
};
