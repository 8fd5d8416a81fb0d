import type { Environment } from '../environment';
import type { Cursor, Order, Sort } from './cursor';
import { TIME_RANGES, type ExecutionFilters } from './searchFilters';
import { likePattern, parseTerms, wordStartPattern } from './textTerms';

/**
 * SQL for "the executions a query selects", over either source of a search:
 *  - indexed: execution_search (seq below the indexer's watermark), with its facet and trigram indexes;
 *  - tail: executions itself (seq at or above the watermark), the same conditions computed per row.
 * Only fixed SQL text is built here; every value goes in as a $n parameter.
 */
export type Source = 'indexed' | 'tail';

export class SqlParameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// Filter field → column (the same in both tables) and facet name in execution_search.facets.
const EQUALITY_FILTERS = [
  ['server', 'server_name', 'server'], ['tool', 'tool_name', 'tool'], ['toolVersion', 'tool_version', 'tool_version'],
  ['user', 'user_id', 'user'], ['session', 'session_id', 'session'], ['agent', 'agent_id', 'agent'], ['method', 'method', 'method'],
  ['model', 'model', 'model'], ['promptName', 'prompt_name', 'prompt'], ['promptVersion', 'prompt_version', 'prompt_version'],
  ['inputSchemaHash', 'input_schema_hash', 'schema'],
] as const satisfies ReadonlyArray<readonly [keyof ExecutionFilters, string, string]>;

// Facets are an accelerator (the column comparison stays exact), so long values are cut below
// the GIN key size limit: one huge tool name must never stop the indexer.
const FACET_VALUE_LENGTH = 200;
const facet = (environment: string, name: string, value: string) => `${environment}|${name}=${value.slice(0, FACET_VALUE_LENGTH)}`;

/** The facets of an executions row `e`, for the indexer; must agree with facet() above. */
export const FACETS_SQL = `array_remove(ARRAY[${EQUALITY_FILTERS.map(([, column, name]) =>
  `e.environment::text || '|${name}=' || left(e.${column}, ${FACET_VALUE_LENGTH})`).join(', ')},
  CASE WHEN e.is_error THEN e.environment::text || '|status=error' END], NULL)`;

/** The search text of row `alias`: what the indexer stores, and what the tail computes per row. */
export const searchTextSql = (alias: string) => `warden_search_text(${alias}.prompt, ${alias}.arguments, ${alias}.output, ${alias}.error)`;

/** Columns of a list row; both tables have them under these names. */
export const SUMMARY_COLUMNS = ['environment', 'seq', 'id', 'timestamp', 'ingested_at', 'server_name', 'method', 'tool_name', 'tool_version',
  'prompt_name', 'prompt_version', 'model', 'user_id', 'session_id', 'agent_id', 'input_schema_hash', 'is_error', 'duration_ms'] as const;

/**
 * A condition over the row alias `x`, added after the built-in filters. The extension point for
 * filters that live in other tables (detections: `EXISTS (SELECT 1 FROM detections d WHERE …)`).
 */
export type ExtraCondition = (source: Source, parameters: SqlParameters) => string | null;

export interface MatchSpec {
  environment: Environment;
  filters: ExecutionFilters;
  /** Resolves relative time ranges; fixed once per search so both sources agree. */
  now: Date;
  extra?: ExtraCondition[];
}

/** True when a GIN index (facets or trigrams) can find the rows: the probe then counts with bitmaps. */
export function usesGinIndex(filters: ExecutionFilters): boolean {
  return EQUALITY_FILTERS.some(([field]) => filters[field] !== undefined) || filters.status === 'error'
    || parseTerms(filters.q).some((term) => term.kind !== 'unindexed');
}

/** The time range as conditions on `x.timestamp` (the time btree serves them). */
export function timeConditions(spec: MatchSpec, parameters: SqlParameters): string[] {
  const from = spec.filters.range ? new Date(spec.now.getTime() - TIME_RANGES[spec.filters.range]) : spec.filters.from;
  return [
    ...(from ? [`x.timestamp >= ${parameters.add(from)}::timestamptz`] : []),
    ...(spec.filters.to ? [`x.timestamp <= ${parameters.add(spec.filters.to)}::timestamptz`] : []),
  ];
}

/** WHERE conditions (ANDed) selecting the spec's executions from one source, as `x`. */
export function matchConditions(source: Source, spec: MatchSpec, parameters: SqlParameters): string[] {
  const { filters } = spec;
  const p = (value: unknown) => parameters.add(value);
  const conditions = [`x.environment = ${p(spec.environment)}`];
  const facets: string[] = [];
  for (const [field, column, name] of EQUALITY_FILTERS) {
    const value = filters[field];
    if (value === undefined) continue;
    conditions.push(`x.${column} = ${p(value)}`);
    facets.push(facet(spec.environment, name, value));
  }
  if (filters.status === 'error') {
    conditions.push('x.is_error');
    facets.push(`${spec.environment}|status=error`);
  } else if (filters.status === 'ok') {
    conditions.push('NOT x.is_error');
  }
  if (source === 'indexed' && facets.length > 0) conditions.push(`x.facets @> ${p(facets)}::text[]`);

  conditions.push(...timeConditions(spec, parameters));
  if (filters.minDurationMs !== undefined) conditions.push(`x.duration_ms >= ${p(filters.minDurationMs)}::float8`);
  if (filters.maxDurationMs !== undefined) conditions.push(`x.duration_ms <= ${p(filters.maxDurationMs)}::float8`);
  if (filters.alert !== undefined) {
    conditions.push(`x.seq = ANY(ARRAY(SELECT unnest(a.evidence_seqs) FROM alerts a WHERE a.id = ${p(filters.alert)}::uuid AND a.environment = x.environment))`);
  }

  // lower() runs in PostgreSQL, as it did for the stored text: JavaScript lower-cases some letters differently.
  const text = source === 'indexed' ? 'x.search_text' : searchTextSql('x');
  for (const term of parseTerms(filters.q)) {
    if (term.kind === 'substring') conditions.push(`${text} LIKE lower(${p(likePattern(term.text))})`);
    else if (term.kind === 'wordStart') conditions.push(`${text} ~ lower(${p(wordStartPattern(term.text))})`);
    // strpos is a function, not an operator: the planner cannot point it at the trigram index, which could not help.
    else conditions.push(`strpos(${text}, lower(${p(term.text)})) > 0`);
  }
  for (const extra of spec.extra ?? []) {
    const condition = extra(source, parameters);
    if (condition) conditions.push(condition);
  }
  return conditions;
}

/** ORDER BY for a sort; seq breaks ties so the order is total and keysets are exact. */
export function orderBy(sort: Sort, order: Order): string {
  const direction = order === 'desc' ? 'DESC' : 'ASC';
  if (sort === 'time') return `x.timestamp ${direction}, x.seq ${direction}`;
  if (sort === 'duration') return `x.duration_ms ${direction}, x.seq ${direction}`;
  return `x.seq ${direction}`;
}

/** Conditions a sort adds by itself: sorting by duration lists executions that report one. */
export function sortConditions(sort: Sort): string[] {
  return sort === 'duration' ? ['x.duration_ms IS NOT NULL'] : [];
}

/** Rows strictly after the cursor in the sort order. */
export function keysetCondition(cursor: Cursor, parameters: SqlParameters): string {
  const op = cursor.order === 'desc' ? '<' : '>';
  const seq = `${parameters.add(cursor.seq)}::bigint`;
  if (cursor.sort === 'time') return `(x.timestamp, x.seq) ${op} (${parameters.add(cursor.value)}::timestamptz, ${seq})`;
  if (cursor.sort === 'duration') return `(x.duration_ms, x.seq) ${op} (${parameters.add(cursor.value)}::float8, ${seq})`;
  return `x.seq ${op} ${seq}`;
}
