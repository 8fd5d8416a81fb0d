import { pool } from '../db/pool';
import type { Cursor, Order, Sort } from './cursor';
import {
  keysetCondition, matchConditions, orderBy, sortConditions, SqlParameters, SUMMARY_COLUMNS, timeConditions, usesGinIndex, type MatchSpec, type Source,
} from './matchConditions';
import { runInMode, type Mode } from './plannerModes';

/** Matches the probe reads before a search picks its plan; above this the total is estimated. */
export const PROBE_CAP = 2000;
// Rows a total estimate samples: about ±15 % at the smallest total it is used for (PROBE_CAP).
const SAMPLE_ROWS = 10_000;

/** The sort key of a match: enough to order and page through matches the probe read in full. */
interface MatchKey { seq: number; time: number; duration: number | null }

export interface MatchPlan {
  spec: MatchSpec;
  sort: Sort;
  order: Order;
  /** Executions with a lower seq are read from execution_search, the rest from executions. */
  watermark: number;
  /** The log's size when the search started: the tail is [watermark, head). */
  head: number;
  mode: Mode;
  /** Only seq in [lowerSeq, upperSeq). */
  lowerSeq?: number;
  upperSeq?: number;
  /** False when planned without looking at the data (the live tail): no total then. */
  probed: boolean;
  /** Every match of a source when the probe read fewer than PROBE_CAP: pages come from these keys. */
  known: Record<Source, MatchKey[] | null>;
  /** Matches of the indexed source known to exist when `known.indexed` is null. */
  atLeast: number;
  /** A page of matches was found among the first rows: walk chosen without the GIN probe. */
  dense: boolean;
}

/** A list row as both sources return it. */
export interface SummaryRow {
  environment: string; seq: string; id: string; timestamp: Date; ingested_at: Date; server_name: string | null; method: string | null;
  tool_name: string | null; tool_version: string | null; prompt_name: string | null; prompt_version: string | null; model: string | null;
  user_id: string | null; session_id: string | null; agent_id: string | null; input_schema_hash: string | null; is_error: boolean;
  duration_ms: number | null;
}

type SourcePlan = Pick<MatchPlan, 'spec' | 'sort' | 'order' | 'watermark' | 'head' | 'lowerSeq' | 'upperSeq'>;

function fromSource(plan: SourcePlan, source: Source, parameters: SqlParameters, extra: string[] = [], tableSample = ''): string {
  const where = [...matchConditions(source, plan.spec, parameters), ...sortConditions(plan.sort), ...extra];
  // Both ends for the tail: without them (or before ANALYZE) the planner may guess a third of the
  // log and walk the timestamp index instead of reading the few newest seq from the primary key.
  if (source === 'indexed') where.push(`x.seq < ${parameters.add(plan.watermark)}::bigint`);
  else where.push(`x.seq >= ${parameters.add(plan.watermark)}::bigint`, `x.seq < ${parameters.add(plan.head)}::bigint`);
  if (plan.lowerSeq !== undefined) where.push(`x.seq >= ${parameters.add(plan.lowerSeq)}::bigint`);
  if (plan.upperSeq !== undefined) where.push(`x.seq < ${parameters.add(plan.upperSeq)}::bigint`);
  return `FROM ${source === 'indexed' ? 'execution_search' : 'executions'} x ${tableSample} WHERE ${where.join(' AND ')}`;
}

/** Whether a source can hold rows at all, from the seq bounds alone. */
function sourceInRange(plan: SourcePlan, source: Source): boolean {
  return source === 'indexed'
    ? plan.watermark > 0 && (plan.lowerSeq ?? 0) < plan.watermark
    : Math.max(plan.watermark, plan.lowerSeq ?? 0) < Math.min(plan.head, plan.upperSeq ?? Infinity);
}

/** The probe statement for one source, for running or EXPLAINing: up to PROBE_CAP match keys. */
export function probeStatement(plan: SourcePlan, source: Source) {
  const parameters = new SqlParameters();
  const text = `SELECT x.seq, x.timestamp, x.duration_ms ${fromSource(plan, source, parameters)} LIMIT ${PROBE_CAP}`;
  const mode: Mode = source === 'indexed' && usesGinIndex(plan.spec.filters) ? 'bitmap' : 'planner';
  return { mode, text, values: parameters.values };
}

async function probeSource(plan: SourcePlan, source: Source): Promise<MatchKey[]> {
  if (!sourceInRange(plan, source)) return [];
  const statement = probeStatement(plan, source);
  const rows = await runInMode<{ seq: string; timestamp: Date; duration_ms: number | null }>(statement.mode, statement.text, statement.values);
  return rows.map((row) => ({ seq: Number(row.seq), time: row.timestamp.getTime(), duration: row.duration_ms }));
}

export interface PlanOptions {
  sort: Sort;
  order: Order;
  lowerSeq?: number;
  upperSeq?: number;
  /** Rows per page (default 50): how many matches count as "dense enough to walk". */
  pageSize?: number;
  /** Probe first and choose the plan from what it finds (default). Off: leave it to the planner. */
  probe?: boolean;
}

/**
 * Counts (up to a page plus one) the matches among the first rows in sort order, at most 40 pages'
 * worth, read in btree order: when a page is there, walking is cheap and the GIN probe is skipped.
 */
export function denseStatement(plan: SourcePlan, pageSize: number) {
  const parameters = new SqlParameters();
  const scope = [`x.environment = ${parameters.add(plan.spec.environment)}`, `x.seq < ${parameters.add(plan.watermark)}::bigint`,
    ...sortConditions(plan.sort), ...timeConditions(plan.spec, parameters)];
  if (plan.lowerSeq !== undefined) scope.push(`x.seq >= ${parameters.add(plan.lowerSeq)}::bigint`);
  if (plan.upperSeq !== undefined) scope.push(`x.seq < ${parameters.add(plan.upperSeq)}::bigint`);
  const first = `SELECT * FROM execution_search x WHERE ${scope.join(' AND ')} ORDER BY ${orderBy(plan.sort, plan.order)} LIMIT ${parameters.add(40 * (pageSize + 1))}`;
  const text = `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${first}) x WHERE ${matchConditions('indexed', plan.spec, parameters).join(' AND ')}
    LIMIT ${parameters.add(pageSize + 1)}) m`;
  return { mode: 'planner' as Mode, text, values: parameters.values };
}

async function denseAtStart(plan: SourcePlan, pageSize: number): Promise<boolean> {
  const statement = denseStatement(plan, pageSize);
  const [row] = await runInMode<{ n: number }>(statement.mode, statement.text, statement.values);
  return row!.n > pageSize;
}

/**
 * Reads the watermark and picks how the indexed source is read (see plannerModes.ts): walk when
 * matches are dense among the newest rows, else probe the GIN index for up to PROBE_CAP matches.
 * When a source has fewer, the probe has read them all and pages are cut from their keys, so the
 * GIN work is never done twice.
 */
export async function planMatches(spec: MatchSpec, options: PlanOptions): Promise<MatchPlan> {
  const { rows } = await pool().query<{ indexed: string; head: string }>(
    'SELECT p.next_seq AS indexed, h.next_seq AS head FROM execution_search_progress p JOIN log_heads h USING (environment) WHERE environment = $1',
    [spec.environment]);
  const watermark = Number(rows[0]?.indexed ?? 0);
  const base = {
    spec, sort: options.sort, order: options.order, watermark, head: Math.max(watermark, Number(rows[0]?.head ?? 0)),
    lowerSeq: options.lowerSeq, upperSeq: options.upperSeq,
  };
  if (options.probe === false) return { ...base, mode: 'planner', probed: false, known: { indexed: null, tail: null }, atLeast: 0, dense: false };
  const pageSize = options.pageSize ?? 50;
  const complete = (keys: MatchKey[]) => (keys.length < PROBE_CAP ? keys : null);
  const indexedPlan = async (): Promise<Pick<MatchPlan, 'mode' | 'atLeast' | 'dense'> & { keys: MatchKey[] | null }> => {
    const gin = usesGinIndex(spec.filters);
    if (gin && sourceInRange(base, 'indexed') && await denseAtStart(base, pageSize)) return { mode: 'walk', keys: null, atLeast: pageSize + 1, dense: true };
    const keys = await probeSource(base, 'indexed');
    return { mode: !gin ? 'planner' : keys.length >= PROBE_CAP ? 'walk' : 'bitmap', keys: complete(keys), atLeast: keys.length, dense: false };
  };
  const [indexed, tail] = await Promise.all([indexedPlan(), probeSource(base, 'tail')]);
  return {
    ...base, mode: indexed.mode, probed: true, known: { indexed: indexed.keys, tail: complete(tail) }, atLeast: indexed.atLeast, dense: indexed.dense,
  };
}

/** The page statement for one source, for running or EXPLAINing. */
export function pageStatement(plan: MatchPlan, source: Source, cursor: Cursor | undefined, limit: number) {
  const parameters = new SqlParameters();
  const from = fromSource(plan, source, parameters, cursor ? [keysetCondition(cursor, parameters)] : []);
  return {
    mode: source === 'indexed' ? plan.mode : 'planner' as Mode,
    text: `SELECT ${SUMMARY_COLUMNS.map((column) => `x.${column}`).join(', ')} ${from} ORDER BY ${orderBy(plan.sort, plan.order)} LIMIT ${parameters.add(limit)}`,
    values: parameters.values,
  };
}

/** Orders match keys like ORDER BY orderBy(sort, order). */
function compareKeys(sort: Sort, order: Order) {
  const sign = order === 'desc' ? -1 : 1;
  return (a: MatchKey, b: MatchKey) => {
    const key = sort === 'time' ? a.time - b.time : sort === 'duration' ? a.duration! - b.duration! : 0;
    return sign * (key !== 0 ? key : a.seq - b.seq);
  };
}

const rowKey = (row: SummaryRow): MatchKey => ({ seq: Number(row.seq), time: row.timestamp.getTime(), duration: row.duration_ms });
const cursorKey = (cursor: Cursor): MatchKey => ({
  seq: cursor.seq, time: cursor.sort === 'time' ? Date.parse(cursor.value as string) : 0, duration: cursor.sort === 'duration' ? cursor.value as number : null,
});

/** The page from keys the probe read in full: order them, cut after the cursor, fetch those rows by primary key. */
async function pageFromKeys(plan: MatchPlan, source: Source, keys: MatchKey[], cursor: Cursor | undefined, limit: number): Promise<SummaryRow[]> {
  const compare = compareKeys(plan.sort, plan.order);
  const after = cursor ? cursorKey(cursor) : null;
  const page = keys.filter((key) => !after || compare(key, after) > 0).sort(compare).slice(0, limit);
  if (page.length === 0) return [];
  const { rows } = await pool().query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS.map((column) => `x.${column}`).join(', ')} FROM ${source === 'indexed' ? 'execution_search' : 'executions'} x
     WHERE x.environment = $1 AND x.seq = ANY($2::bigint[])`, [plan.spec.environment, page.map((key) => key.seq)]);
  return rows;
}

/** Up to `limit` matches after the cursor, in sort order, merged from both sources. */
export async function fetchMatches(plan: MatchPlan, cursor: Cursor | undefined, limit: number): Promise<SummaryRow[]> {
  const parts = await Promise.all((['indexed', 'tail'] as const).filter((source) => sourceInRange(plan, source)).map((source) => {
    const keys = plan.known[source];
    if (keys) return pageFromKeys(plan, source, keys, cursor, limit);
    const statement = pageStatement(plan, source, cursor, limit);
    return runInMode<SummaryRow>(statement.mode, statement.text, statement.values);
  }));
  const compare = compareKeys(plan.sort, plan.order);
  return parts.flat().sort((a, b) => compare(rowKey(a), rowKey(b))).slice(0, limit);
}

/** Matches in the indexed source extrapolated from a fixed block sample; null before ANALYZE has sized the table. */
async function sampleIndexed(plan: MatchPlan): Promise<number | null> {
  const { rows } = await pool().query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE oid = 'execution_search'::regclass`);
  const rowsInTable = rows[0]?.reltuples ?? 0;
  if (!(rowsInTable > 0)) return null;
  const percent = Math.min(100, (SAMPLE_ROWS / rowsInTable) * 100);
  const parameters = new SqlParameters();
  // REPEATABLE: the same blocks every time, so a page reload shows the same number.
  const sample = `TABLESAMPLE SYSTEM (${parameters.add(percent)}::float4) REPEATABLE (0)`;
  const [row] = await runInMode<{ n: number }>('planner', `SELECT count(*)::int AS n ${fromSource(plan, 'indexed', parameters, [], sample)}`, parameters.values);
  return Math.round((row!.n * 100) / percent);
}

/**
 * Total matches: exact when fewer than PROBE_CAP (the probe's keys, or a probe run now when a
 * sample suggests few), otherwise extrapolated from the sample.
 */
export async function estimateTotal(plan: MatchPlan): Promise<{ total: number; exact: boolean }> {
  if (!plan.probed) throw new Error('estimateTotal needs a plan made with the probe');
  const tail = plan.known.tail?.length ?? PROBE_CAP;
  let indexed = plan.known.indexed?.length;
  let exact = plan.known.indexed !== null;
  if (indexed === undefined) {
    const sampled = sourceInRange(plan, 'indexed') ? await sampleIndexed(plan) : 0;
    if ((sampled === null || sampled < PROBE_CAP) && plan.atLeast < PROBE_CAP) {
      // Few matches probe cheaply (bounded by PROBE_CAP either way).
      const probed = (await probeSource(plan, 'indexed')).length;
      exact = probed < PROBE_CAP;
      indexed = exact ? probed : Math.max(probed, sampled ?? 0);
    } else {
      indexed = Math.max(plan.atLeast, sampled ?? 0);
    }
  }
  return { total: indexed + tail, exact: exact && plan.known.tail !== null };
}
