import { describe, expect, it } from 'vitest';
import { decodeOtlpLogs, OtlpDecodeError } from './index';
import { exportLogsServiceRequestType } from './proto';

const str = (stringValue: string) => ({ stringValue });
const kv = (key: string, value: unknown) => ({ key, value });

const TRACE_ID = '5B8EFFF798038103D269B633813FC60C';
const SPAN_ID = 'eee19b7ec3c1b174';

/** Two resources, three scopes, six records, attribute values of every AnyValue kind. */
const request = {
  resourceLogs: [
    {
      resource: {
        attributes: [
          kv('service.name', str('mcp-files')),
          kv('service.version', str('1.4.2')),
          kv('deployment.environment.name', str('staging')),
          kv('host.name', str('node-7')),
          kv('team', str('resource-team')),
        ],
      },
      scopeLogs: [
        {
          scope: { name: 'warden.mcp', version: '0.3.0', attributes: [kv('scope.kind', str('server'))] },
          logRecords: [
            {
              timeUnixNano: '1795597200123456789',
              observedTimeUnixNano: '1795597200200000000',
              severityNumber: 9,
              severityText: 'INFO',
              eventName: 'mcp.tool.call',
              traceId: TRACE_ID,
              spanId: SPAN_ID,
              body: str('tool call finished'),
              attributes: [
                kv('gen_ai.tool.name', str('read_file')),
                kv('mcp.method.name', str('tools/call')),
                kv('mcp.session.id', str('sess-1')),
                kv('gen_ai.request.model', str('claude-sonnet')),
                kv('gen_ai.usage.input_tokens', { intValue: '1200' }),
                kv('gen_ai.usage.output_tokens', { intValue: 87 }),
                kv('gen_ai.tool.call.arguments', str('{"path":"/etc/hosts"}')),
                kv('enduser.id', str('alice')),
                kv('mcp.request.id', { intValue: '42' }),
                kv('big.counter', { intValue: '9007199254740993' }),
                kv('ratio', { doubleValue: 0.25 }),
                kv('tags', { arrayValue: { values: [str('a'), { intValue: '2' }, { boolValue: true }] } }),
                kv('nested', {
                  kvlistValue: { values: [kv('inner', { kvlistValue: { values: [kv('deep', str('x'))] } }), kv('n', { intValue: '1' })] },
                }),
                kv('blob', { bytesValue: 'AQID' }),
                kv('team', str('record-team')),
              ],
            },
            {
              observedTimeUnixNano: '1795597260999999999',
              severityNumber: 17,
              traceId: '00000000000000000000000000000000',
              attributes: [
                kv('gen_ai.tool.name', str('write_file')),
                kv('error.type', str('PermissionDenied')),
                kv('gen_ai.tool.call.arguments', str('not json')),
                kv('retry', { boolValue: false }),
              ],
            },
          ],
        },
        {
          scope: { name: 'warden.body' },
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          logRecords: [
            {
              timeUnixNano: '1795597300000000000',
              body: {
                kvlistValue: {
                  values: [
                    kv('tool_name', str('search')),
                    kv('arguments', str('{"q":"mcp"}')),
                    kv('duration_ms', { doubleValue: 12.5 }),
                    kv('side_effects', { arrayValue: { values: [str('network')] } }),
                    kv('attributes', { kvlistValue: { values: [kv('custom', str('y'))] } }),
                  ],
                },
              },
            },
          ],
        },
      ],
    },
    {
      resource: { attributes: [kv('service.name', str('mcp-db')), kv('deployment.environment', str('production'))] },
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: '1795597400000000000',
              severityNumber: 17,
              body: str('{"tool_name":"query","is_error":false,"output":{"rows":3}}'),
              attributes: [kv('id', str('rec-4'))],
            },
            { body: { intValue: '7' }, attributes: [kv('gen_ai.tool.name', str('ping'))] },
            { timeUnixNano: '1795597500000000000', body: { arrayValue: { values: [str('x'), { doubleValue: 1.5 }] } } },
          ],
        },
      ],
    },
  ],
};

/** OTLP/JSON spells ids in hex, but protobufjs's fromObject reads a string as base64, so convert first. */
function toProtobuf(json: typeof request): Uint8Array {
  const copy = structuredClone(json) as { resourceLogs: { scopeLogs: { logRecords: Record<string, unknown>[] }[] }[] };
  for (const rl of copy.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      for (const record of sl.logRecords) {
        for (const key of ['traceId', 'spanId']) {
          if (typeof record[key] === 'string') record[key] = Buffer.from(record[key], 'hex');
        }
      }
    }
  }
  const type = exportLogsServiceRequestType();
  return type.encode(type.fromObject(copy)).finish();
}

const jsonItems = decodeOtlpLogs(Buffer.from(JSON.stringify(request)), 'json');
const protobufItems = decodeOtlpLogs(toProtobuf(request), 'protobuf');

describe('decodeOtlpLogs', () => {
  it('decodes every log record of both encodings to the same inputs', () => {
    expect(jsonItems).toHaveLength(6);
    expect(protobufItems.map((item) => item.input)).toEqual(jsonItems.map((item) => item.input));
  });

  it('maps semantic-convention attributes, ids and time, and keeps everything else in attributes', () => {
    expect(jsonItems[0]?.input).toEqual({
      timestamp: '2026-11-25T09:00:00.123Z',
      environment: 'staging',
      server_name: 'mcp-files',
      server_version: '1.4.2',
      method: 'tools/call',
      tool_name: 'read_file',
      model: 'claude-sonnet',
      user_id: 'alice',
      session_id: 'sess-1',
      request_id: 42,
      trace_id: TRACE_ID.toLowerCase(),
      span_id: SPAN_ID,
      arguments: { path: '/etc/hosts' },
      input_tokens: 1200,
      output_tokens: 87,
      attributes: {
        'big.counter': '9007199254740993',
        ratio: 0.25,
        tags: ['a', 2, true],
        nested: { inner: { deep: 'x' }, n: 1 },
        blob: 'AQID',
        team: 'record-team',
        'host.name': 'node-7',
        'scope.kind': 'server',
        'log.body': 'tool call finished',
        'otel.severity_number': 9,
        'otel.severity_text': 'INFO',
        'otel.event_name': 'mcp.tool.call',
        'otel.observed_time_unix_nano': '1795597200200000000',
        'otel.scope.name': 'warden.mcp',
        'otel.scope.version': '0.3.0',
      },
    });
  });

  it('falls back to the observed time, flags errors and keeps unparseable arguments as an attribute', () => {
    expect(jsonItems[1]?.input).toEqual({
      timestamp: '2026-11-25T09:01:00.999Z',
      environment: 'staging',
      server_name: 'mcp-files',
      server_version: '1.4.2',
      tool_name: 'write_file',
      is_error: true,
      error: 'PermissionDenied',
      attributes: {
        'gen_ai.tool.call.arguments': 'not json',
        retry: false,
        'host.name': 'node-7',
        team: 'resource-team',
        'scope.kind': 'server',
        'otel.severity_number': 17,
        'otel.observed_time_unix_nano': '1795597260999999999',
        'otel.scope.name': 'warden.mcp',
        'otel.scope.version': '0.3.0',
      },
    });
  });

  it('reads v1 fields from a structured or JSON body', () => {
    expect(jsonItems[2]?.input).toMatchObject({
      tool_name: 'search',
      arguments: { q: 'mcp' },
      duration_ms: 12.5,
      side_effects: ['network'],
      attributes: { custom: 'y', 'otel.scope.name': 'warden.body', 'otel.scope.schema_url': 'https://opentelemetry.io/schemas/1.26.0' },
    });
    expect(jsonItems[3]?.input).toEqual({
      timestamp: '2026-11-25T09:03:20.000Z',
      id: 'rec-4',
      environment: 'production',
      server_name: 'mcp-db',
      tool_name: 'query',
      is_error: false,
      output: { rows: 3 },
      attributes: { 'otel.severity_number': 17 },
    });
  });

  it('omits the timestamp when the record has none and keeps a non-string body whole', () => {
    expect(jsonItems[4]?.input).toEqual({
      environment: 'production',
      server_name: 'mcp-db',
      tool_name: 'ping',
      attributes: { 'log.body': 7 },
    });
    expect(jsonItems[5]?.input.attributes).toEqual({ 'log.body': ['x', 1.5] });
  });

  it('gives each record a raw form that is encoding independent, distinct and replayable', () => {
    expect(protobufItems.map((item) => item.raw.toString('utf8'))).toEqual(jsonItems.map((item) => item.raw.toString('utf8')));
    expect(new Set(jsonItems.map((item) => item.raw.toString('hex'))).size).toBe(jsonItems.length);
    for (const item of jsonItems) {
      const replayed = decodeOtlpLogs(item.raw, 'json');
      expect(replayed).toHaveLength(1);
      expect(replayed[0]?.input).toEqual(item.input);
    }
    const first = JSON.parse(jsonItems[0]!.raw.toString('utf8'));
    expect(first.resourceLogs[0].resource.attributes).toContainEqual(kv('service.name', str('mcp-files')));
    expect(first.resourceLogs[0].scopeLogs[0].logRecords[0].traceId).toBe(TRACE_ID.toLowerCase());
  });

  it('returns no items for an empty request', () => {
    expect(decodeOtlpLogs(Buffer.from('{"resourceLogs":[]}'), 'json')).toEqual([]);
    expect(decodeOtlpLogs(new Uint8Array(0), 'protobuf')).toEqual([]);
  });

  it.each([
    ['invalid JSON', Buffer.from('{"resourceLogs": ['), 'json'],
    ['JSON that is not an object', Buffer.from('[1,2]'), 'json'],
    ['JSON without resourceLogs', Buffer.from('{"resource_logs":[]}'), 'json'],
    ['a malformed log record', Buffer.from('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}'), 'json'],
    ['garbage protobuf', Buffer.from('this is not protobuf'), 'protobuf'],
    ['truncated protobuf', toProtobuf(request).subarray(0, 40), 'protobuf'],
  ] as const)('rejects %s with OtlpDecodeError', (_name, body, encoding) => {
    expect(() => decodeOtlpLogs(body, encoding)).toThrow(OtlpDecodeError);
  });
});
