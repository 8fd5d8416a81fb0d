import { isObject, isoTimestamp, META_SIDE_EFFECTS, traceOf, type ConnectionFacts, type PendingCall } from './callRecord';
import type { McpExecutionRecord } from './executionRecord';
import { randomRecordId } from './recordIds';
import type { ToolFacts } from './toolCatalogue';

const CONSTANT_KEYS = ['environment', 'server_name', 'server_version', 'method', 'tool_name', 'tool_version', 'input_schema_hash', 'user_id', 'session_id', 'agent_id'] as const;

/** `,"key":value` as JSON.stringify writes a property: left out when the value serialises to nothing (undefined, an odd toJSON). */
function field(key: string, value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? '' : `,"${key}":${text}`;
}
/** `.001` … `.999` without trailing zeros, and '' for whole milliseconds. */
const FRACTIONS = Array.from({ length: 1000 }, (_, k) => (k === 0 ? '' : `.${String(k).padStart(3, '0').replace(/0+$/, '')}`));

/**
 * `JSON.stringify(Math.round(ms * 1000) / 1000)`, the duration as buildRecord rounds it, from
 * integers: turning a fractional double into its shortest decimal costs more than the rest of a
 * record line. Exact for every duration up to ~24 days (a unit test compares the two); anything
 * else takes the plain route.
 */
export function durationText(ms: number): string {
  const micros = Math.round(ms * 1000);
  if (!(micros >= 0 && micros <= 0x7fffffff)) return Number.isFinite(ms) ? String(micros / 1000) : 'null';
  const whole = (micros / 1000) | 0;
  return `${whole}${FRACTIONS[micros - whole * 1000]}`;
}

/**
 * A record's JSON text, exactly `JSON.stringify(record)` (same keys, same order — a unit test holds
 * them together) at about half the cost: serialising is most of what the recorder adds to every
 * call of the server it watches. The fields that repeat call after call on a connection (server,
 * tool, user, session, attributes) are serialised once and reused while they stay the same, and
 * only the values that change are stringified, one by one (cheaper on Node 20 than one
 * JSON.stringify of a whole object).
 *
 * Prompt records put prompt fields in the middle of that run, so they take the plain path.
 */
export class RecordLines {
  private constantFrom: (string | undefined)[] = [];
  private constantText = '';
  private attributesFrom: unknown;
  private attributesText = '';

  line(r: McpExecutionRecord): string {
    if (r.prompt_name !== undefined || r.prompt_version !== undefined || r.prompt_checksum !== undefined || r.prompt !== undefined) return JSON.stringify(r);
    if (r.attributes !== this.attributesFrom) {
      this.attributesFrom = r.attributes;
      this.attributesText = field('attributes', r.attributes);
    }
    const duration = r.duration_ms === undefined ? '' : `,"duration_ms":${durationText(r.duration_ms)}`;
    return `{"id":${JSON.stringify(r.id)},"timestamp":${JSON.stringify(r.timestamp)}${this.constant(r)}${field('request_id', r.request_id)}`
      + `${field('trace_id', r.trace_id)}${field('span_id', r.span_id)}${field('arguments', r.arguments)}${field('output', r.output)}`
      + `,"is_error":${r.is_error}${field('error', r.error)}${duration}${field('side_effects', r.side_effects)}${this.attributesText}}`;
  }

  private constant(r: McpExecutionRecord): string {
    let same = this.constantFrom.length === CONSTANT_KEYS.length;
    for (let i = 0; same && i < CONSTANT_KEYS.length; i++) same = this.constantFrom[i] === r[CONSTANT_KEYS[i]!];
    if (!same) {
      this.constantFrom = CONSTANT_KEYS.map((key) => r[key]);
      this.constantText = CONSTANT_KEYS.map((key) => field(key, r[key])).join('');
    }
    return this.constantText;
  }
}

/**
 * The line of the call almost every record is: a tools/call or resources/read answered with a
 * plain result. Written straight from the pending call and the response, exactly as
 * `JSON.stringify(buildRecord(…))` would write it (a unit test holds the two together), without
 * building the record object: on a trivial tool the recorder's whole cost is this path, so every
 * object, `JSON.stringify` call and key lookup saved here shows in the server's calls per second.
 * Only the arguments and the output are serialised per call, synchronously: the line says what the
 * client was sent even if the tool mutates its result object afterwards.
 *
 * Returns undefined for anything else (errors, prompts, declared side effects, malformed params):
 * those take buildRecord and `RecordLines.line`.
 */
export class ResultLines {
  private constantFacts: ConnectionFacts | undefined;
  private constantMethod = '';
  private constantToolName: string | undefined;
  private constantTool: ToolFacts | undefined;
  private constantUser: string | undefined;
  private constantText = '';
  private attributesFrom: unknown;
  private attributesText = '';
  private timestampMs = Number.NaN;
  private timestampText = '';

  /** `newId` is the recorder's id source: the default (random UUIDs) never needs escaping. */
  constructor(private readonly newId: () => string) {}

  line(id: string, call: PendingCall, result: unknown, tool: ToolFacts | undefined, facts: ConnectionFacts, durationMs: number): string | undefined {
    const method = call.method;
    const params = call.params;
    if (method === 'prompts/get' || !isObject(result) || result.isError === true || !isObject(params)) return undefined;
    const resultMeta = result._meta;
    if (resultMeta !== undefined && isObject(resultMeta) && resultMeta[META_SIDE_EFFECTS] !== undefined) return undefined;
    let toolName: string | undefined;
    let args: string; // the arguments' JSON text, '' for none
    if (method === 'tools/call') {
      const name = params.name;
      const given = params.arguments;
      if (typeof name !== 'string') return undefined;
      toolName = name;
      if (given === undefined) args = '';
      else if (!isObject(given)) return undefined;
      else {
        const text = JSON.stringify(given) as string | undefined; // undefined from an odd toJSON: the plain path omits the key
        if (text === undefined) return undefined;
        args = text;
      }
    } else if (typeof params.uri === 'string') {
      args = `{"uri":${JSON.stringify(params.uri)}}`;
    } else return undefined;
    const output = JSON.stringify(result) as string | undefined;
    if (output === undefined) return undefined;
    const numericId = typeof call.id === 'number';
    const trace = params._meta === undefined ? '' : traceText(params);
    const effects = call.sideEffects !== undefined && call.sideEffects.length > 0 ? `,"side_effects":${JSON.stringify(call.sideEffects)}` : '';
    if (facts.attributes !== this.attributesFrom) {
      this.attributesFrom = facts.attributes;
      this.attributesText = field('attributes', facts.attributes);
    }
    // One flat string from an array of parts: `+` would build a rope that the sink then copies flat again.
    const plainId = this.newId === randomRecordId;
    return [
      plainId ? '{"id":"' : '{"id":', plainId ? id : JSON.stringify(id), plainId ? '","timestamp":' : ',"timestamp":', this.timestamp(call.startedAt),
      this.constant(facts, method, toolName, tool, call.userId), numericId ? ',"request_id":"' : ',"request_id":', numericId ? call.id : JSON.stringify(String(call.id)),
      numericId ? '"' : '', trace, args === '' ? '' : ',"arguments":', args, ',"output":', output, ',"is_error":false,"duration_ms":', durationText(durationMs), effects, this.attributesText, '}',
    ].join('');
  }

  private timestamp(ms: number): string {
    if (ms !== this.timestampMs) {
      this.timestampMs = ms;
      this.timestampText = JSON.stringify(isoTimestamp(ms));
    }
    return this.timestampText;
  }

  /** environment … agent_id: the same call after call on a connection, so serialised once while they stay so. */
  private constant(facts: ConnectionFacts, method: string, toolName: string | undefined, tool: ToolFacts | undefined, userId: string | undefined): string {
    if (facts === this.constantFacts && method === this.constantMethod && toolName === this.constantToolName && tool === this.constantTool && userId === this.constantUser) {
      return this.constantText;
    }
    this.constantFacts = facts;
    this.constantMethod = method;
    this.constantToolName = toolName;
    this.constantTool = tool;
    this.constantUser = userId;
    this.constantText = `${field('environment', facts.environment)}${field('server_name', facts.serverName)}${field('server_version', facts.serverVersion)}`
      + `${field('method', method)}${field('tool_name', toolName)}${field('tool_version', tool ? tool.version ?? facts.serverVersion : undefined)}`
      + `${field('input_schema_hash', tool?.inputSchemaHash)}${field('user_id', userId)}${field('session_id', facts.sessionId)}${field('agent_id', facts.agentId)}`;
    return this.constantText;
  }
}

function traceText(params: Record<string, unknown>): string {
  const { trace_id: traceId, span_id: spanId } = traceOf(params);
  return traceId === undefined ? '' : `,"trace_id":"${traceId}","span_id":"${spanId}"`;
}

