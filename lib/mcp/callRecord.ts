import { hash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonicalJson';
import type { McpExecutionRecord, RecordEnvironment, SideEffect } from './executionRecord';
import type { ToolFacts } from './toolCatalogue';

export type JsonRpcId = string | number;

/** A recorded request between its arrival and its answer. */
export interface PendingCall {
  id: JsonRpcId;
  method: string;
  /** As sent; not necessarily an object when the request is malformed. */
  params: unknown;
  /** Epoch ms from the recorder's clock when the request arrived. */
  startedAt: number;
  /** performance.now() at arrival: durations must not jump with wall-clock corrections. */
  t0: number;
  userId: string | undefined;
  tool?: ToolFacts | undefined | Promise<ToolFacts | undefined>;
  sideEffects?: SideEffect[];
  /** Set once a record was emitted without an answer (timeout); a late answer then gets its own record. */
  reportedAs?: string;
  /** The client sent another request under this id while this one was pending (see PendingCalls). */
  idReused?: boolean;
}

export type Outcome =
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; code: unknown; message: string }
  | { kind: 'abandoned'; reason: string; flag: 'cancelled' | 'timed_out' | 'connection_closed' | 'recorder_closed' | 'invalid_request' };

/** What a JSON-RPC answer says about the call: its result, or its error. */
export function responseOutcome(error: unknown, result: unknown): Outcome {
  return isObject(error)
    ? { kind: 'error', code: error.code, message: typeof error.message === 'string' ? error.message : JSON.stringify(error) }
    : { kind: 'result', result };
}

/** What the recorder knows about the connection a call came in on. */
export interface ConnectionFacts {
  environment: RecordEnvironment;
  serverName?: string;
  serverVersion?: string;
  sessionId?: string;
  agentId?: string;
  attributes: Record<string, unknown>;
}

/** `_meta` keys a server may set on results to tell the recorder what it cannot observe itself. */
export const META_VERSION = 'warden/version';
export const META_CHECKSUM = 'warden/checksum';
export const META_SIDE_EFFECTS = 'warden/side_effects';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** W3C trace context in `params._meta.traceparent`, as agents that propagate traces into MCP send it. */
export function traceOf(params: Record<string, unknown> | undefined): { trace_id?: string; span_id?: string } {
  const meta = params?._meta;
  const parent = isObject(meta) ? str(meta.traceparent) : undefined;
  const match = parent ? /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(parent) : null;
  return match ? { trace_id: match[1], span_id: match[2] } : {};
}

function validSideEffects(value: unknown): SideEffect[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is SideEffect => isObject(item) && typeof item.kind === 'string' && typeof item.target === 'string');
}

/** Text parts of MCP content blocks (tool results, prompt messages), joined: what a reader or a detector wants. */
function contentText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const texts = content.flatMap((block) => (isObject(block) && block.type === 'text' && typeof block.text === 'string' ? [block.text] : []));
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function argumentsOf(method: string, params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!params) return undefined;
  if (method === 'resources/read') return typeof params.uri === 'string' ? { uri: params.uri } : undefined;
  return isObject(params.arguments) ? params.arguments : undefined;
}

/** Params that do not fit the method: the SDK answers with an error, and the record keeps them whole. */
function malformed(method: string, raw: unknown): boolean {
  if (raw === undefined) return method !== 'tools/list';
  if (!isObject(raw)) return true;
  if (method === 'resources/read') return typeof raw.uri !== 'string';
  return typeof raw.name !== 'string' || (raw.arguments !== undefined && !isObject(raw.arguments));
}

function promptFacts(result: Record<string, unknown>, serverVersion: string | undefined) {
  const meta = isObject(result._meta) ? result._meta : {};
  const messages = Array.isArray(result.messages) ? result.messages : [];
  const text = messages.map((message) => (isObject(message) ? contentText([message.content]) : undefined)).filter(Boolean).join('\n\n');
  return {
    prompt_version: str(meta[META_VERSION]) ?? str(meta.version) ?? serverVersion,
    // Without a declared template checksum, the rendered messages are the best fingerprint there is.
    prompt_checksum: str(meta[META_CHECKSUM]) ?? sha256Hex(canonicalJson(messages)),
    prompt: text || undefined,
  };
}

/** The largest time a Date holds, ms either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

/** `000Z` … `999Z`: the end of an ISO timestamp for each millisecond of a second. */
const MILLIS_Z = Array.from({ length: 1000 }, (_, k) => `${String(k).padStart(3, '0')}Z`);

/**
 * `new Date(ms).toISOString()`, formatted in full once per second and then only its milliseconds:
 * a busy server records a call in a new millisecond nearly every time, and formatting a date costs
 * more than building the rest of the record. Separate caches (one per caller) so that the record
 * line's byte form (ResultLines) and the object form do not evict each other.
 */
export class IsoSeconds {
  /** Unix ms at the start of the second `prefix` formats, and `YYYY-MM-DDTHH:mm:ss.` of it. */
  secondStart = Number.NaN;
  prefix = '';
  /** `prefix` as its ASCII bytes, for writers of the line's bytes. */
  prefixBytes: Uint8Array = new Uint8Array(0);

  /** Milliseconds past `secondStart` for `ms` (as Date truncates it), re-formatting the second when it moved on; throws for invalid dates as toISOString does. */
  millisOf(ms: number): number {
    const t = Math.trunc(ms);
    const within = t - this.secondStart;
    // Past ±8.64e15 ms no date exists: toISOString throws there, and so must this (the cached second would not).
    if (within >= 0 && within < 1000 && t <= MAX_DATE_MS && t >= -MAX_DATE_MS) return within;
    const iso = new Date(t).toISOString();
    this.prefix = iso.slice(0, -4);
    this.prefixBytes = Buffer.from(this.prefix, 'latin1');
    this.secondStart = t - Number(iso.slice(-4, -1));
    return t - this.secondStart;
  }

  iso(ms: number): string {
    const within = this.millisOf(ms);
    return this.prefix + MILLIS_Z[within]!;
  }
}

const recordSeconds = new IsoSeconds();
export const isoTimestamp = (ms: number): string => recordSeconds.iso(ms);

/** Turns one finished (or abandoned) call into an execution record v1, fields in the schema's order. */
export function buildRecord(
  id: string, call: PendingCall, outcome: Outcome, tool: ToolFacts | undefined, connection: ConnectionFacts, durationMs: number,
  extraAttributes?: Record<string, unknown>,
): McpExecutionRecord {
  const { method } = call;
  const params = isObject(call.params) ? call.params : undefined;
  const result = outcome.kind === 'result' && isObject(outcome.result) ? outcome.result : undefined;
  const prompt = method === 'prompts/get' && result ? promptFacts(result, connection.serverVersion) : undefined;
  let isError = false;
  let error: string | undefined;
  // Most records share the connection's attributes object as is: one copy fewer per call.
  let own: Record<string, unknown> | undefined = extraAttributes;
  if (outcome.kind === 'error') {
    isError = true;
    error = outcome.message;
    own = { ...own, jsonrpc_error_code: outcome.code };
  } else if (outcome.kind === 'abandoned') {
    isError = true;
    error = outcome.reason;
    own = { ...own, [outcome.flag]: true };
  } else if (result?.isError === true) {
    isError = true;
    error = contentText(result.content) ?? 'tool reported an error';
  }
  if (malformed(method, call.params)) own = { ...own, params: call.params ?? null };
  const declared = result && isObject(result._meta) ? validSideEffects(result._meta[META_SIDE_EFFECTS]) : undefined;
  const sideEffects = declared && call.sideEffects ? [...call.sideEffects, ...declared] : call.sideEffects ?? declared;
  const toolName = method === 'tools/call' ? str(params?.name) : undefined;
  return {
    id,
    timestamp: isoTimestamp(call.startedAt),
    environment: connection.environment,
    server_name: connection.serverName,
    server_version: connection.serverVersion,
    method,
    tool_name: toolName,
    tool_version: tool ? tool.version ?? connection.serverVersion : undefined,
    input_schema_hash: tool?.inputSchemaHash,
    prompt_name: method === 'prompts/get' ? str(params?.name) : undefined,
    prompt_version: prompt?.prompt_version,
    prompt_checksum: prompt?.prompt_checksum,
    prompt: prompt?.prompt,
    user_id: call.userId,
    session_id: connection.sessionId,
    agent_id: connection.agentId,
    request_id: String(call.id),
    ...traceOf(params),
    arguments: argumentsOf(method, params),
    output: outcome.kind === 'result' ? outcome.result : undefined,
    is_error: isError,
    error,
    duration_ms: Math.round(durationMs * 1000) / 1000,
    side_effects: sideEffects && sideEffects.length > 0 ? sideEffects : undefined,
    attributes: own ? { ...connection.attributes, ...own } : connection.attributes,
  };
}

const TRUNCATED_HEAD_CHARS = 16_384;
/** About the length of a summary with no head (size, SHA-256, the note or the object's keys). */
const SUMMARY_CHARS = 128;

/** Whether a line is within maxBytes of UTF-8, counting bytes only when its length leaves any doubt. */
export const fits = (line: string, maxBytes: number): boolean => line.length * 3 <= maxBytes || Buffer.byteLength(line) <= maxBytes;

/**
 * Keeps a record under Warden's line limit: output, arguments, error, prompt text, malformed params and the
 * client-chosen names (request id, tool, prompt, agent), largest first,
 * are replaced by their size, SHA-256 and beginning until it fits. The hash still pins down what the client received.
 */
export function fitRecord(record: McpExecutionRecord, line: string, maxBytes: number): string {
  if (fits(line, maxBytes)) return line;
  let shrunk = line;
  // Heads are counted in characters: where they are mostly 4-byte ones, shorter heads may be needed to fit.
  for (const headChars of [TRUNCATED_HEAD_CHARS, 1024, 0]) {
    shrunk = shrinkRecord(record, maxBytes, headChars);
    if (Buffer.byteLength(shrunk) <= maxBytes) return shrunk;
  }
  return shrunk;
}

function shrinkRecord(record: McpExecutionRecord, maxBytes: number, headChars: number): string {
  const attributes: Record<string, unknown> = { ...record.attributes, truncated: [] as string[] };
  const shrunk: McpExecutionRecord = { ...record, attributes };
  // A thrown error's message is free text too (an upstream error page, say), and so are malformed params kept whole.
  // Largest first, so that a small field is never cut while a large one stays.
  // The request's id, tool or prompt name and the client's name are the client's to choose, at any length.
  const fields = (['output', 'arguments', 'error', 'prompt', 'params', 'request_id', 'tool_name', 'prompt_name', 'agent_id'] as const)
    .map((field) => ({ field, value: field === 'params' ? attributes.params : shrunk[field] }))
    .filter(({ value }) => value !== undefined)
    .map(({ field, value }) => ({ field, text: typeof value === 'string' ? value : JSON.stringify(value) }))
    .filter(({ text }) => text.length > SUMMARY_CHARS) // no shorter summarised
    .sort((a, b) => b.text.length - a.text.length);
  for (const { field, text } of fields) {
    // The head is cut where it is, so it may end in half a surrogate pair: made well-formed, or ingest would refuse the text.
    const summary = { warden_truncated: true, bytes: Buffer.byteLength(text), sha256: sha256Hex(text), head: text.slice(0, headChars).toWellFormed() };
    if (field === 'output' || field === 'arguments') shrunk[field] = summary as never;
    else if (field !== 'params') shrunk[field] = `${summary.head}… [truncated: ${summary.bytes} bytes, sha256 ${summary.sha256}]`;
    else attributes.params = summary;
    (attributes.truncated as string[]).push(field);
    const candidate = JSON.stringify(shrunk);
    if (Buffer.byteLength(candidate) <= maxBytes) return candidate;
  }
  return JSON.stringify(shrunk);
}
