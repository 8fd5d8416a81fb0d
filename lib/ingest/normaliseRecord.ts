import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { isEnvironment, type Environment } from '../environment';
import { KNOWN_FIELDS, STRING_FIELDS, type ExecutionRecord, type SideEffect } from './executionRecord';
import { parseTimestamp } from './timestamps';

export type Normalised = { ok: true; record: ExecutionRecord } | { ok: false; reason: string };

const MAX_ID_LENGTH = 128;
// Alternatives senders use for the timestamp: Fluent Bit's json_date_key, OTLP's field name.
const TIMESTAMP_KEYS = ['timestamp', 'date', 'timeUnixNano'] as const;

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

/**
 * Validates one parsed line against the execution record v1 and normalises it. Known fields with
 * the wrong type make the line quarantined (with the reason); unknown fields move into
 * `attributes`; JSON nulls count as absent. Without an `id`, the SHA-256 of the canonical record
 * becomes the id, so a resent line is recognised as a duplicate.
 */
export function normaliseRecord(value: unknown, tokenEnvironment: Environment): Normalised {
  if (!isPlainObject(value)) return { ok: false, reason: 'record is not a JSON object' };
  const fail = (reason: string): Normalised => ({ ok: false, reason });
  // Null-prototype objects: a sender's "__proto__" key must stay data, never become a prototype.
  const input: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) if (value[key] !== null) input[key] = value[key];

  const timestampKey = TIMESTAMP_KEYS.find((key) => key in input);
  if (!timestampKey) return fail('missing timestamp (timestamp, date or timeUnixNano)');
  const timestamp = parseTimestamp(input[timestampKey]);
  if (!timestamp) return fail(`${timestampKey} is not an RFC 3339 time or epoch number between 2000 and 2200`);

  const environment = input.environment ?? tokenEnvironment;
  if (!isEnvironment(environment)) return fail(`environment must be staging or production, got ${JSON.stringify(environment)}`);
  if (environment !== tokenEnvironment) return fail(`environment ${environment} differs from the token's (${tokenEnvironment})`);

  const record: Omit<ExecutionRecord, 'id'> & { id?: string } = { environment, timestamp: timestamp.toISOString(), is_error: false };
  for (const field of STRING_FIELDS) {
    const fieldValue = input[field];
    if (fieldValue === undefined) continue;
    if (typeof fieldValue === 'number' || typeof fieldValue === 'boolean') record[field] = String(fieldValue);
    else if (typeof fieldValue === 'string') record[field] = fieldValue;
    else return fail(`${field} must be a string`);
  }
  if (!record.method && !record.tool_name) return fail('record needs method or tool_name');
  if (input.arguments !== undefined) {
    if (!isPlainObject(input.arguments)) return fail('arguments must be a JSON object');
    record.arguments = input.arguments;
  }
  if (input.output !== undefined) record.output = input.output;
  if (input.is_error !== undefined) {
    if (typeof input.is_error !== 'boolean') return fail('is_error must be true or false');
    record.is_error = input.is_error;
  }
  if (input.duration_ms !== undefined) {
    if (typeof input.duration_ms !== 'number' || !Number.isFinite(input.duration_ms) || input.duration_ms < 0) return fail('duration_ms must be a non-negative number');
    record.duration_ms = input.duration_ms;
  }
  for (const field of ['input_tokens', 'output_tokens'] as const) {
    if (input[field] === undefined) continue;
    if (!nonNegativeInteger(input[field])) return fail(`${field} must be a non-negative integer`);
    record[field] = input[field] as number;
  }
  if (input.side_effects !== undefined) {
    const effects = sideEffects(input.side_effects);
    if (!effects) return fail('side_effects must be an array of {kind, target} objects');
    record.side_effects = effects;
  }
  if (input.attributes !== undefined && !isPlainObject(input.attributes)) return fail('attributes must be a JSON object');
  const attributes: Record<string, unknown> = Object.assign(Object.create(null), input.attributes);
  for (const [key, fieldValue] of Object.entries(input)) {
    if (KNOWN_FIELDS.has(key) || key === timestampKey) continue;
    attributes[key in attributes ? `${key}__top_level` : key] = fieldValue;
  }
  if (Object.keys(attributes).length > 0) record.attributes = attributes;

  if (input.id !== undefined) {
    if (typeof input.id !== 'string' || input.id.length === 0 || input.id.length > MAX_ID_LENGTH) return fail(`id must be a string of 1–${MAX_ID_LENGTH} characters`);
    return { ok: true, record: { ...record, id: input.id } };
  }
  const id = createHash('sha256').update(canonicalize(record)!).digest('hex');
  return { ok: true, record: { ...record, id } };
}
