import { z } from 'zod';
import { ENVIRONMENTS, type Environment } from '../environment';
import { decodeCursor, SORTS, type Cursor, type Order, type Sort } from './cursor';
import { countTerms, MAX_TERMS } from './textTerms';

/** Relative time ranges, measured back from the moment the query runs. */
export const TIME_RANGES = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

export const MAX_PAGE_SIZE = 500;

/**
 * What selects executions. Shared by the explorer's URL, the REST API, export and the session
 * timeline; lib/search/matchConditions.ts turns it into SQL (add new filters in both places).
 */
export interface ExecutionFilters {
  /** Free text: every term must match (see lib/search/textTerms.ts). */
  q?: string;
  range?: TimeRange;
  from?: Date;
  to?: Date;
  server?: string;
  tool?: string;
  toolVersion?: string;
  user?: string;
  session?: string;
  agent?: string;
  method?: string;
  model?: string;
  promptName?: string;
  promptVersion?: string;
  inputSchemaHash?: string;
  status?: 'ok' | 'error';
  minDurationMs?: number;
  maxDurationMs?: number;
  /** The executions an alert holds as evidence (lib/detect): the anomaly charts and alert pages link here. */
  alert?: string;
}

export interface ExecutionQuery extends ExecutionFilters {
  environment?: Environment;
  sort: Sort;
  order: Order;
  limit: number;
  cursor?: Cursor;
  /** Live tail: only executions with a higher seq, newest first. */
  since?: number;
}

// URL parameter → filter field, for the string equality filters.
const TEXT_PARAMS = {
  server: 'server', tool: 'tool', tool_version: 'toolVersion', user: 'user', session: 'session', agent: 'agent', method: 'method',
  model: 'model', prompt_name: 'promptName', prompt_version: 'promptVersion', input_schema_hash: 'inputSchemaHash',
} as const satisfies Record<string, keyof ExecutionFilters>;

// Forms send empty fields; an empty parameter means "no filter".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const noControlCharacters = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
const filterText = z.string().trim().min(1).max(256).refine(noControlCharacters, 'must not contain control characters');
const instant = z.string().refine((value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value), 'must be an ISO 8601 time, e.g. 2026-11-25T09:00:00Z')
  .transform((value) => new Date(value));
const milliseconds = z.coerce.number().finite().nonnegative();

const schema = z.object({
  env: optional(z.enum(ENVIRONMENTS)),
  q: optional(z.string().max(500).refine(noControlCharacters, 'must not contain control characters')
    .refine((value) => countTerms(value) <= MAX_TERMS, `must have at most ${MAX_TERMS} terms`)),
  range: optional(z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]])),
  from: optional(instant),
  to: optional(instant),
  ...Object.fromEntries(Object.keys(TEXT_PARAMS).map((name) => [name, optional(filterText)])) as Record<keyof typeof TEXT_PARAMS, ReturnType<typeof optional<typeof filterText>>>,
  status: optional(z.enum(['ok', 'error'])),
  min_duration_ms: optional(milliseconds),
  max_duration_ms: optional(milliseconds),
  alert: optional(z.uuid({ error: 'is not an alert id' })),
  sort: optional(z.enum(SORTS)),
  order: optional(z.enum(['asc', 'desc'])),
  limit: optional(z.coerce.number().int().min(1).max(MAX_PAGE_SIZE)),
  cursor: optional(z.string().max(1000).refine((value) => decodeCursor(value) !== null, 'is not a cursor Warden issued')),
  since: optional(z.coerce.number().int().min(-1).max(Number.MAX_SAFE_INTEGER)),
}).superRefine((value, context) => {
  const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
  if (value.range && (value.from || value.to)) issue('range', 'give either range or from/to, not both');
  if (value.from && value.to && value.from > value.to) issue('to', 'must not be before from');
  if (value.min_duration_ms !== undefined && value.max_duration_ms !== undefined && value.min_duration_ms > value.max_duration_ms) {
    issue('max_duration_ms', 'must not be below min_duration_ms');
  }
  const cursor = value.cursor === undefined ? null : decodeCursor(value.cursor);
  if (cursor && (cursor.sort !== (value.sort ?? 'time') || cursor.order !== (value.order ?? 'desc'))) issue('cursor', 'belongs to another sort order');
  if (value.since !== undefined && value.cursor !== undefined) issue('since', 'the live tail (since) takes no cursor');
});

/** Every parameter the explorer URL and GET /api/v1/executions understand. */
export const QUERY_PARAMETERS: readonly string[] = Object.keys(schema.shape);

export type ParsedQuery =
  | { ok: true; query: ExecutionQuery }
  | { ok: false; message: string; fields: Record<string, string[]> };

type ParamInput = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(input: ParamInput): Array<[string, string]> {
  if (input instanceof URLSearchParams) return [...input.entries()];
  return Object.entries(input).flatMap(([key, value]) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((item): [string, string] => [key, item])));
}

/** Validates URL parameters (page searchParams or a request's query) into a query; unknown ones are ignored. */
export function parseExecutionQuery(input: ParamInput): ParsedQuery {
  const raw: Record<string, string> = {};
  const fields: Record<string, string[]> = {};
  for (const [key, value] of entries(input)) {
    if (key in raw && QUERY_PARAMETERS.includes(key)) fields[key] = ['give this parameter once'];
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) Object.assign(fields, z.flattenError(result.error).fieldErrors);
  if (!result.success || Object.keys(fields).length > 0) {
    return { ok: false, message: Object.entries(fields).map(([key, messages]) => `${key}: ${messages.join('; ')}`).join(', '), fields };
  }
  const value = result.data;
  const query: ExecutionQuery = {
    environment: value.env, q: value.q?.trim() || undefined, range: value.range, from: value.from, to: value.to, status: value.status,
    minDurationMs: value.min_duration_ms, maxDurationMs: value.max_duration_ms, alert: value.alert,
    sort: value.sort ?? 'time', order: value.order ?? 'desc', limit: value.limit ?? 50,
    cursor: value.cursor ? decodeCursor(value.cursor)! : undefined, since: value.since,
  };
  for (const [param, field] of Object.entries(TEXT_PARAMS)) {
    const text = value[param as keyof typeof TEXT_PARAMS];
    if (text !== undefined) query[field] = text;
  }
  return { ok: true, query };
}

/** The URL parameters of a query, e.g. for the next page's link or the export link. */
export function executionQueryParams(query: Partial<ExecutionQuery>, overrides: Record<string, string | null> = {}): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | number | Date | undefined) => {
    if (value !== undefined) params.set(name, value instanceof Date ? value.toISOString() : String(value));
  };
  set('env', query.environment);
  set('q', query.q);
  set('range', query.range);
  set('from', query.from);
  set('to', query.to);
  for (const [param, field] of Object.entries(TEXT_PARAMS)) set(param, query[field]);
  set('status', query.status);
  set('min_duration_ms', query.minDurationMs);
  set('max_duration_ms', query.maxDurationMs);
  set('alert', query.alert);
  if (query.sort && query.sort !== 'time') set('sort', query.sort);
  if (query.order && query.order !== 'desc') set('order', query.order);
  if (query.limit && query.limit !== 50) set('limit', query.limit);
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  return params;
}
