import { hash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonicalJson';
import { isEnvironment, type Environment } from '../environment';
import { KNOWN_FIELDS, STRING_FIELDS, type ExecutionRecord, type SideEffect, type StringField } from './executionRecord';
import { parseTimestamp } from './timestamps';

export type Normalised = { ok: true; record: ExecutionRecord } | { ok: false; reason: string };

const MAX_ID_LENGTH = 128;
// Alternatives senders use for the timestamp, in order of preference: Fluent Bit's json_date_key, OTLP's field name.
const TIMESTAMP_KEYS = ['timestamp', 'date', 'timeUnixNano'] as const;
const STRING_FIELD_SET = new Set<string>(STRING_FIELDS);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonNegativeInteger(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 2_147_483_647;
}

function sideEffects(value: unknown): SideEffect[] | null {
  if (!Array.isArray(value)) return null;
  const valid = value.every((item) => isPlainObject(item) && typeof item.kind === 'string' && typeof item.target === 'string');
  return valid ? (value as SideEffect[]) : null;
}

// A sender's "__proto__" key must stay data: plain assignment would set the prototype instead.
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Unknown top-level fields join `attributes`; a clash keeps both, the top-level one renamed. */
function mergedAttributes(own: Record<string, unknown> | undefined, extras: [string, unknown][]): Record<string, unknown> | undefined {
  if (extras.length === 0) return own && Object.keys(own).length > 0 ? own : undefined;
  const attributes: Record<string, unknown> = {};
  if (own) for (const key of Object.keys(own)) setData(attributes, key, own[key]);
  for (const [key, value] of extras) setData(attributes, Object.hasOwn(attributes, key) ? `${key}__top_level` : key, value);
  return attributes;
}

/**
 * Validates one parsed line against the execution record v1 and normalises it. Known fields with
 * the wrong type make the line quarantined (with the reason); unknown fields move into
 * `attributes`; JSON nulls count as absent. Without an `id`, the SHA-256 of the canonical record
 * becomes the id, so a resent line is recognised as a duplicate.
 */
export function normaliseRecord(value: unknown, tokenEnvironment: Environment): Normalised {
  if (!isPlainObject(value)) return { ok: false, reason: 'record is not a JSON object' };
  const fail = (reason: string): Normalised => ({ ok: false, reason });
  // One pass over the sender's keys (JSON.parse makes them own data properties, "__proto__" included).
  const known = new Map<string, unknown>();
  const unknown: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    const fieldValue = value[key];
    if (fieldValue === null) continue;
    if (KNOWN_FIELDS.has(key)) known.set(key, fieldValue);
    else unknown.push([key, fieldValue]);
  }
  const timestampKey = TIMESTAMP_KEYS.find((key) => key === 'timestamp' ? known.has(key) : unknown.some(([name]) => name === key));
  if (!timestampKey) return fail('missing timestamp (timestamp, date or timeUnixNano)');
  const extras = timestampKey === 'timestamp' ? unknown : unknown.filter(([name]) => name !== timestampKey);
  const timestamp = parseTimestamp(timestampKey === 'timestamp' ? known.get('timestamp') : unknown.find(([name]) => name === timestampKey)![1]);
  if (!timestamp) return fail(`${timestampKey} is not an RFC 3339 time or epoch number between 2000 and 2200`);

  const environment = known.get('environment') ?? tokenEnvironment;
  if (!isEnvironment(environment)) return fail(`environment must be staging or production, got ${JSON.stringify(environment)}`);
  if (environment !== tokenEnvironment) return fail(`environment ${environment} differs from the token's (${tokenEnvironment})`);

  const record: Omit<ExecutionRecord, 'id'> & { id?: string } = { environment, timestamp: timestamp.toISOString(), is_error: false };
  for (const [field, fieldValue] of known) {
    if (!STRING_FIELD_SET.has(field)) continue;
    if (typeof fieldValue === 'string') {
      // A JSON escape can make half a surrogate pair, which a text column cannot hold (it would store U+FFFD, and the
      // row would no longer match its leaf). Replacing it could merge two ids into one: the line is quarantined instead.
      if (!fieldValue.isWellFormed()) return fail(`${field} is not well-formed Unicode (a lone surrogate)`);
      record[field as StringField] = fieldValue;
    }
    else if (typeof fieldValue === 'number' || typeof fieldValue === 'boolean') record[field as StringField] = String(fieldValue);
    else return fail(`${field} must be a string`);
  }
  if (!record.method && !record.tool_name) return fail('record needs method or tool_name');
  const args = known.get('arguments');
  if (args !== undefined) {
    if (!isPlainObject(args)) return fail('arguments must be a JSON object');
    record.arguments = args;
  }
  if (known.has('output')) record.output = known.get('output');
  const isError = known.get('is_error');
  if (isError !== undefined) {
    if (typeof isError !== 'boolean') return fail('is_error must be true or false');
    record.is_error = isError;
  }
  const duration = known.get('duration_ms');
  if (duration !== undefined) {
    if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) return fail('duration_ms must be a non-negative number');
    record.duration_ms = duration;
  }
  for (const field of ['input_tokens', 'output_tokens'] as const) {
    const tokens = known.get(field);
    if (tokens === undefined) continue;
    if (!nonNegativeInteger(tokens)) return fail(`${field} must be a non-negative integer`);
    record[field] = tokens as number;
  }
  if (known.has('side_effects')) {
    const effects = sideEffects(known.get('side_effects'));
    if (!effects) return fail('side_effects must be an array of {kind, target} objects');
    record.side_effects = effects;
  }
  const ownAttributes = known.get('attributes');
  if (ownAttributes !== undefined && !isPlainObject(ownAttributes)) return fail('attributes must be a JSON object');
  const attributes = mergedAttributes(ownAttributes as Record<string, unknown> | undefined, extras);
  if (attributes) record.attributes = attributes;

  const id = known.get('id');
  if (id !== undefined) {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return fail(`id must be a string of 1–${MAX_ID_LENGTH} characters`);
    if (!id.isWellFormed()) return fail('id is not well-formed Unicode (a lone surrogate)');
    return { ok: true, record: { ...record, id } };
  }
  return { ok: true, record: { ...record, id: hash('sha256', canonicalJson(record), 'hex') } };
}
