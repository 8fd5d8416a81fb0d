import type { McpExecutionRecord } from './executionRecord';

const CONSTANT_KEYS = ['environment', 'server_name', 'server_version', 'method', 'tool_name', 'tool_version', 'input_schema_hash', 'user_id', 'session_id', 'agent_id'] as const;

/** `,"key":value` as JSON.stringify writes a property: left out when the value serialises to nothing (undefined, an odd toJSON). */
export function field(key: string, value: unknown): string {
  if (value === undefined) return '';
  const text = hasToJson(value) ? propertyJson(key, value) : (JSON.stringify(value) as string | undefined);
  return text === undefined ? '' : `,"${key}":${text}`;
}

const hasToJson = (value: unknown): boolean =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';

/** A property's value as JSON.stringify writes it inside its object: a toJSON gets the property's name, not ''. */
export function propertyJson(key: string, value: unknown): string | undefined {
  const text = JSON.stringify({ [key]: value });
  const prefix = JSON.stringify(key).length + 2; // {"key":
  return text.length > prefix ? text.slice(prefix, -1) : undefined;
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
  // micros is Infinity for durations past ~1.8e305 ms: JSON.stringify writes the rounded value's Infinity as null too.
  if (!(micros >= 0 && micros <= 0x7fffffff)) return Number.isFinite(micros) ? String(micros / 1000) : 'null';
  const whole = (micros / 1000) | 0;
  return `${whole}${FRACTIONS[micros - whole * 1000]}`;
}

/** A record's duration as stored (buildRecord rounded it already): the integer route only where it is exact. */
const storedDurationText = (ms: number): string => (Math.round(ms * 1000) / 1000 === ms ? durationText(ms) : JSON.stringify(ms));

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
    const attributes = this.attributesText; // before a toJSON below can record a call through this instance
    const duration = r.duration_ms === undefined ? '' : `,"duration_ms":${storedDurationText(r.duration_ms)}`;
    return `{"id":${JSON.stringify(r.id)},"timestamp":${JSON.stringify(r.timestamp)}${this.constant(r)}${field('request_id', r.request_id)}`
      + `${field('trace_id', r.trace_id)}${field('span_id', r.span_id)}${field('arguments', r.arguments)}${field('output', r.output)}`
      + `,"is_error":${r.is_error}${field('error', r.error)}${duration}${field('side_effects', r.side_effects)}${attributes}}`;
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
