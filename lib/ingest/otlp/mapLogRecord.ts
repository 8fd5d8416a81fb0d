import { isPlainObject, type OtlpAnyValue, type OtlpKeyValue, type OtlpLogRecord, type OtlpResource, type OtlpScope } from './otlpJson';

/** Flat v1 execution record fields an OTLP attribute of the same name maps onto directly. */
export const V1_FIELDS = [
  'id', 'environment', 'server_name', 'server_version', 'method', 'tool_name', 'tool_version',
  'input_schema_hash', 'prompt_name', 'prompt_version', 'prompt_checksum', 'prompt', 'model',
  'model_config_version', 'user_id', 'session_id', 'agent_id', 'request_id', 'trace_id', 'span_id',
  'arguments', 'output', 'is_error', 'error', 'duration_ms', 'input_tokens', 'output_tokens', 'side_effects',
] as const;
type V1Field = (typeof V1_FIELDS)[number];

/** OpenTelemetry semantic-convention keys per field, in order of preference after the v1 name itself. */
const ALIASES: Partial<Record<V1Field, readonly string[]>> = {
  environment: ['deployment.environment.name', 'deployment.environment'],
  server_name: ['service.name'],
  server_version: ['service.version'],
  method: ['mcp.method.name'],
  tool_name: ['gen_ai.tool.name'],
  tool_version: ['gen_ai.tool.version', 'mcp.tool.version'],
  prompt_name: ['gen_ai.prompt.name', 'mcp.prompt.name'],
  model: ['gen_ai.request.model', 'gen_ai.response.model'],
  user_id: ['enduser.id', 'user.id'],
  session_id: ['mcp.session.id', 'gen_ai.conversation.id'],
  agent_id: ['gen_ai.agent.id'],
  request_id: ['mcp.request.id', 'jsonrpc.request.id'],
  arguments: ['gen_ai.tool.call.arguments'],
  output: ['gen_ai.tool.call.result'],
  error: ['error.type'],
  duration_ms: ['mcp.duration_ms'],
  input_tokens: ['gen_ai.usage.input_tokens'],
  output_tokens: ['gen_ai.usage.output_tokens'],
};

type Accept = (value: unknown) => { value: unknown } | undefined;
interface Candidate { key: string; accept: Accept }

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const asIs: Accept = (value) => ({ value });
// Exporters often flatten structured values to JSON text because attribute values are mostly strings.
const structured: Accept = (value) => {
  const parsed = typeof value === 'string' ? parseJson(value) : undefined;
  return { value: typeof parsed === 'object' && parsed !== null ? parsed : value };
};
// Semantic-convention arguments that are not an object stay in attributes rather than becoming bad v1 data.
const objectOnly: Accept = (value) => {
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  return isPlainObject(parsed) ? { value: parsed } : undefined;
};

const STRUCTURED_FIELDS: ReadonlySet<V1Field> = new Set(['arguments', 'output', 'side_effects']);
const FIELD_CANDIDATES: ReadonlyArray<[V1Field, Candidate[]]> = V1_FIELDS.map((field) => {
  const direct = { key: field, accept: STRUCTURED_FIELDS.has(field) ? structured : asIs };
  const aliases = (ALIASES[field] ?? []).map((key) => ({ key, accept: field === 'arguments' ? objectOnly : direct.accept }));
  return [field, [direct, ...aliases]];
});

export function anyValueToJs(value: OtlpAnyValue): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : value.intValue;
  }
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value) return value.arrayValue.values.map(anyValueToJs);
  if ('kvlistValue' in value) return keyValuesToObject(value.kvlistValue.values);
  if ('bytesValue' in value) return value.bytesValue;
  return null;
}

// Object.fromEntries defines own properties, so a "__proto__" key cannot reach the prototype.
function keyValuesToObject(list: OtlpKeyValue[]): Record<string, unknown> {
  return Object.fromEntries(list.map((kv) => [kv.key, anyValueToJs(kv.value)]));
}

function keyValuesToMap(list: OtlpKeyValue[] | undefined): Map<string, unknown> {
  return new Map((list ?? []).map((kv) => [kv.key, anyValueToJs(kv.value)]));
}

/** A structured body carries fields like attributes do; anything else is kept whole as the log body. */
function splitBody(body: OtlpAnyValue | undefined): { fields: Map<string, unknown>; leftover?: unknown } {
  if (!body || Object.keys(body).length === 0) return { fields: new Map() };
  if ('kvlistValue' in body) return { fields: keyValuesToMap(body.kvlistValue.values) };
  if ('stringValue' in body && body.stringValue.trimStart().startsWith('{')) {
    const parsed = parseJson(body.stringValue);
    if (isPlainObject(parsed)) return { fields: new Map(Object.entries(parsed)) };
  }
  return { fields: new Map(), leftover: anyValueToJs(body) };
}

function validId(hex: string | undefined): string | undefined {
  return hex !== undefined && /[^0]/.test(hex) ? hex : undefined;
}

/** Nanoseconds since the epoch as RFC 3339 UTC, truncated to milliseconds (BigInt: the values exceed 2^53). */
export function nanosToTimestamp(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

export interface LogRecordContext {
  resource?: OtlpResource;
  resourceSchemaUrl?: string;
  scope?: OtlpScope;
  scopeSchemaUrl?: string;
}

/** Maps one canonical OTLP log record onto a flat v1 execution record input. */
export function mapLogRecord(record: OtlpLogRecord, context: LogRecordContext): Record<string, unknown> {
  const { resource, scope } = context;
  const native = new Map<string, unknown>();
  const traceId = validId(record.traceId);
  const spanId = validId(record.spanId);
  if (traceId) native.set('trace_id', traceId);
  if (spanId) native.set('span_id', spanId);
  const body = splitBody(record.body);
  // Precedence on conflict: the record's own id fields, its attributes, its body, then resource, then scope.
  const sources = [native, keyValuesToMap(record.attributes), body.fields, keyValuesToMap(resource?.attributes), keyValuesToMap(scope?.attributes)]
    .map((values) => ({ values, consumed: new Set<string>() }));

  const fields = new Map<V1Field, unknown>();
  for (const [field, candidates] of FIELD_CANDIDATES) {
    search: for (const source of sources) {
      for (const { key, accept } of candidates) {
        const value = source.values.get(key);
        if (value === undefined || value === null || source.consumed.has(key)) continue;
        const accepted = accept(value);
        if (!accepted) continue;
        fields.set(field, accepted.value);
        source.consumed.add(key);
        break search;
      }
    }
  }
  if (!fields.has('is_error') && (fields.has('error') || (record.severityNumber ?? 0) >= 17)) fields.set('is_error', true);

  const attributes = new Map<string, unknown>();
  const put = (key: string, value: unknown) => {
    if (value !== undefined && !attributes.has(key)) attributes.set(key, value);
  };
  for (const { values, consumed } of sources) {
    for (const [key, value] of values) {
      if (consumed.has(key)) continue;
      // An exporter that sends the v1 shape sends its free-form attributes as one "attributes" object.
      if (key === 'attributes' && isPlainObject(value)) Object.entries(value).forEach(([k, v]) => put(k, v));
      else put(key, value);
    }
  }
  put('log.body', body.leftover);
  put('otel.severity_number', record.severityNumber);
  put('otel.severity_text', record.severityText);
  put('otel.event_name', record.eventName);
  put('otel.observed_time_unix_nano', record.observedTimeUnixNano);
  put('otel.flags', record.flags);
  put('otel.dropped_attributes_count', record.droppedAttributesCount);
  put('otel.scope.name', scope?.name);
  put('otel.scope.version', scope?.version);
  put('otel.scope.dropped_attributes_count', scope?.droppedAttributesCount);
  put('otel.scope.schema_url', context.scopeSchemaUrl);
  put('otel.resource.dropped_attributes_count', resource?.droppedAttributesCount);
  put('otel.resource.schema_url', context.resourceSchemaUrl);

  const input = new Map<string, unknown>();
  const nanos = record.timeUnixNano ?? record.observedTimeUnixNano;
  if (nanos !== undefined) input.set('timestamp', nanosToTimestamp(nanos));
  for (const field of V1_FIELDS) if (fields.has(field)) input.set(field, fields.get(field));
  if (attributes.size > 0) input.set('attributes', Object.fromEntries(attributes));
  return Object.fromEntries(input);
}
