import { OtlpDecodeError } from './errors';

/*
 * The canonical OTLP/JSON shape both encodings are normalised into. Canonical means: lowerCamelCase keys in
 * proto field order, proto3 defaults omitted, 64-bit integers as decimal strings, trace/span ids as
 * lowercase hex, bytes as padded standard base64. Two encodings of the same record therefore serialise to
 * the same bytes, which is what makes `raw` comparable across JSON and protobuf.
 */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } }
  | { bytesValue: string }
  | Record<string, never>;
export interface OtlpKeyValue { key: string; value: OtlpAnyValue }
export interface OtlpLogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}
export interface OtlpResource { attributes?: OtlpKeyValue[]; droppedAttributesCount?: number }
export interface OtlpScope { name?: string; version?: string; attributes?: OtlpKeyValue[]; droppedAttributesCount?: number }
export interface OtlpScopeLogs { scope?: OtlpScope; logRecords?: OtlpLogRecord[]; schemaUrl?: string }
export interface OtlpResourceLogs { resource?: OtlpResource; scopeLogs?: OtlpScopeLogs[]; schemaUrl?: string }

// Bounds recursion so a hostile, deeply nested AnyValue ends in a 400 instead of a stack overflow.
const MAX_DEPTH = 64;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

type Obj = Record<string, unknown>;

function fail(path: string, expected: string): never {
  throw new OtlpDecodeError(`${path}: expected ${expected}`);
}

export function isPlainObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

function optObject(value: unknown, path: string): Obj | undefined {
  if (absent(value)) return undefined;
  return isPlainObject(value) ? value : fail(path, 'an object');
}

function optArray(value: unknown, path: string): unknown[] {
  if (absent(value)) return [];
  return Array.isArray(value) ? value : fail(path, 'an array');
}

function optString(value: unknown, path: string): string | undefined {
  if (absent(value) || value === '') return undefined;
  return typeof value === 'string' ? value : fail(path, 'a string');
}

function integer(value: unknown, path: string, min: bigint, max: bigint): bigint {
  let n: bigint | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) n = BigInt(value);
  if (n === undefined || n < min || n > max) fail(path, `an integer in [${min}, ${max}]`);
  return n;
}

/** proto3 JSON: 64-bit integers travel as decimal strings (numbers are accepted too); 0 is the default. */
function optUint64(value: unknown, path: string): string | undefined {
  if (absent(value)) return undefined;
  const n = integer(value, path, 0n, UINT64_MAX);
  return n === 0n ? undefined : n.toString();
}

function optUint32(value: unknown, path: string): number | undefined {
  if (absent(value)) return undefined;
  const n = Number(integer(value, path, 0n, 0xffffffffn));
  return n === 0 ? undefined : n;
}

function double(value: unknown, path: string): number | string {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fail(path, 'a number');
}

function base64(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) fail(path, 'base64 bytes');
  return Buffer.from(value, 'base64').toString('base64');
}

function optHexId(value: unknown, path: string): string | undefined {
  const text = optString(value, path)?.toLowerCase();
  if (text === undefined) return undefined;
  if (!/^(?:[0-9a-f]{2})+$/.test(text)) fail(path, 'a hex-encoded id');
  return text;
}

export function normaliseAnyValue(value: unknown, path: string, depth = 0): OtlpAnyValue {
  if (depth > MAX_DEPTH) throw new OtlpDecodeError(`${path}: values nested deeper than ${MAX_DEPTH} levels`);
  if (absent(value)) return {};
  const v = optObject(value, path) ?? {};
  // A oneof: the first member present (in proto field order) is the value; unknown keys are ignored.
  if (!absent(v.stringValue)) {
    return typeof v.stringValue === 'string' ? { stringValue: v.stringValue } : fail(`${path}.stringValue`, 'a string');
  }
  if (!absent(v.boolValue)) {
    return typeof v.boolValue === 'boolean' ? { boolValue: v.boolValue } : fail(`${path}.boolValue`, 'a boolean');
  }
  if (!absent(v.intValue)) return { intValue: integer(v.intValue, `${path}.intValue`, INT64_MIN, INT64_MAX).toString() };
  if (!absent(v.doubleValue)) return { doubleValue: double(v.doubleValue, `${path}.doubleValue`) };
  if (!absent(v.arrayValue)) {
    const p = `${path}.arrayValue`;
    const values = optArray(optObject(v.arrayValue, p)?.values, `${p}.values`);
    return { arrayValue: { values: values.map((item, i) => normaliseAnyValue(item, `${p}.values[${i}]`, depth + 1)) } };
  }
  if (!absent(v.kvlistValue)) {
    const p = `${path}.kvlistValue`;
    return { kvlistValue: { values: normaliseKeyValues(optObject(v.kvlistValue, p)?.values, `${p}.values`, depth + 1) } };
  }
  if (!absent(v.bytesValue)) return { bytesValue: base64(v.bytesValue, `${path}.bytesValue`) };
  return {};
}

function normaliseKeyValues(value: unknown, path: string, depth = 0): OtlpKeyValue[] {
  return optArray(value, path).map((item, i) => {
    const p = `${path}[${i}]`;
    const kv = optObject(item, p) ?? fail(p, 'a key-value object');
    if (typeof kv.key !== 'string') fail(`${p}.key`, 'a string');
    return { key: kv.key, value: normaliseAnyValue(kv.value, `${p}.value`, depth) };
  });
}

/** Drops keys whose value is undefined or an empty list, mirroring proto3's "defaults are not sent". */
function compact<T extends object>(object: T): T {
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete (object as Obj)[key];
  }
  return object;
}

function normaliseLogRecord(value: unknown, path: string): OtlpLogRecord {
  const r = optObject(value, path) ?? fail(path, 'a log record object');
  return compact({
    timeUnixNano: optUint64(r.timeUnixNano, `${path}.timeUnixNano`),
    observedTimeUnixNano: optUint64(r.observedTimeUnixNano, `${path}.observedTimeUnixNano`),
    severityNumber: optUint32(r.severityNumber, `${path}.severityNumber`),
    severityText: optString(r.severityText, `${path}.severityText`),
    body: absent(r.body) ? undefined : normaliseAnyValue(r.body, `${path}.body`),
    attributes: normaliseKeyValues(r.attributes, `${path}.attributes`),
    droppedAttributesCount: optUint32(r.droppedAttributesCount, `${path}.droppedAttributesCount`),
    flags: optUint32(r.flags, `${path}.flags`),
    traceId: optHexId(r.traceId, `${path}.traceId`),
    spanId: optHexId(r.spanId, `${path}.spanId`),
    eventName: optString(r.eventName, `${path}.eventName`),
  });
}

function normaliseScopeLogs(value: unknown, path: string): OtlpScopeLogs {
  const sl = optObject(value, path) ?? fail(path, 'a scopeLogs object');
  const s = optObject(sl.scope, `${path}.scope`);
  const scope = s && compact<OtlpScope>({
    name: optString(s.name, `${path}.scope.name`),
    version: optString(s.version, `${path}.scope.version`),
    attributes: normaliseKeyValues(s.attributes, `${path}.scope.attributes`),
    droppedAttributesCount: optUint32(s.droppedAttributesCount, `${path}.scope.droppedAttributesCount`),
  });
  const records = optArray(sl.logRecords, `${path}.logRecords`);
  return compact<OtlpScopeLogs>({
    scope,
    logRecords: records.map((r, i) => normaliseLogRecord(r, `${path}.logRecords[${i}]`)),
    schemaUrl: optString(sl.schemaUrl, `${path}.schemaUrl`),
  });
}

/** Validates an ExportLogsServiceRequest in OTLP/JSON form and returns it in canonical form. */
export function normaliseRequest(request: unknown): OtlpResourceLogs[] {
  if (!isPlainObject(request) || !Array.isArray(request.resourceLogs)) {
    throw new OtlpDecodeError('body is not an OTLP ExportLogsServiceRequest: expected an object with a "resourceLogs" array');
  }
  return request.resourceLogs.map((value, i) => {
    const path = `resourceLogs[${i}]`;
    const rl = optObject(value, path) ?? fail(path, 'a resourceLogs object');
    const r = optObject(rl.resource, `${path}.resource`);
    const resource = r && compact<OtlpResource>({
      attributes: normaliseKeyValues(r.attributes, `${path}.resource.attributes`),
      droppedAttributesCount: optUint32(r.droppedAttributesCount, `${path}.resource.droppedAttributesCount`),
    });
    const scopeLogs = optArray(rl.scopeLogs, `${path}.scopeLogs`);
    return compact<OtlpResourceLogs>({
      resource,
      scopeLogs: scopeLogs.map((sl, j) => normaliseScopeLogs(sl, `${path}.scopeLogs[${j}]`)),
      schemaUrl: optString(rl.schemaUrl, `${path}.schemaUrl`),
    });
  });
}
