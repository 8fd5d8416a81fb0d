import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool, disconnectDb } from '../../lib/db';
import { handleIngest, handleOtlpLogs } from '../../lib/ingest';
import { otlpLogsRoot } from '../../lib/ingest/otlp/proto';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, sampleEvent, sql } from '../support/ingestFixtures';

const EVENTS = Array.from({ length: 25 }, (_, i) => sampleEvent(i, i % 5 === 0 ? { is_error: true, error: 'rate limited', output: 'plain text output ✓' } : {}));
const RECORD_COLUMNS = `seq, id, environment, timestamp, server_name, server_version, method, tool_name, tool_version, input_schema_hash,
  prompt_name, prompt_version, prompt_checksum, prompt, model, model_config_version, user_id, session_id, agent_id, request_id,
  trace_id, span_id, arguments, output, is_error, error, duration_ms, input_tokens, output_tokens, side_effects, attributes`;

function anyValue(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  return { stringValue: JSON.stringify(value) };
}

/** The events as an OpenTelemetry SDK would export them: v1 fields as log attributes, server as the resource. */
function otlpRequest(events: Array<Record<string, unknown>>) {
  return {
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'github-mcp' } }, { key: 'service.version', value: { stringValue: '1.4.0' } }] },
      scopeLogs: [{
        logRecords: events.map((event) => ({
          timeUnixNano: String(BigInt(Date.parse(event.timestamp as string)) * 1_000_000n),
          // Unmapped attributes (here `region`) travel as plain log attributes, as an SDK sends them.
          attributes: Object.entries({ ...event, ...(event.attributes as object) })
            .filter(([key]) => !['timestamp', 'server_name', 'server_version', 'duration_ms', 'attributes'].includes(key))
            .map(([key, value]) => ({ key, value: anyValue(value) }))
            .concat([{ key: 'duration_ms', value: { doubleValue: event.duration_ms as number } }]),
        })),
      }],
    }],
  };
}

type Sender = (url: string, token: string) => Promise<Response>;
const post = (url: string, token: string, body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });

const SENDERS: Record<string, Sender> = {
  'Vector NDJSON': (url, token) => post(`${url}/api/v1/ingest`, token, ndjson(EVENTS), { 'content-type': 'application/x-ndjson' }),
  'Vector JSON array': (url, token) => post(`${url}/api/v1/ingest`, token, JSON.stringify(EVENTS), { 'content-type': 'application/json' }),
  'Fluent Bit json_lines, gzip, date as double': (url, token) => post(`${url}/api/v1/ingest`, token,
    gzipSync(ndjson(EVENTS.map(({ timestamp, ...rest }) => ({ date: Date.parse(timestamp as string) / 1000, ...rest })))),
    { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }),
  'OTLP JSON': (url, token) => post(`${url}/api/v1/otlp/v1/logs`, token, JSON.stringify(otlpRequest(EVENTS)), { 'content-type': 'application/json' }),
  'OTLP protobuf': (url, token) => {
    const type = otlpLogsRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
    return post(`${url}/api/v1/otlp/v1/logs`, token, type.encode(type.fromObject(otlpRequest(EVENTS))).finish(), { 'content-type': 'application/x-protobuf' });
  },
};

let server: Awaited<ReturnType<typeof serveHandler>>;
beforeAll(async () => {
  server = await serveHandler({ '/api/v1/ingest': handleIngest, '/api/v1/otlp/v1/logs': handleOtlpLogs });
});
afterAll(() => server.close());

async function storedVia(sender: Sender) {
  await closePool();
  await disconnectDb();
  await freshDatabase();
  const response = await sender(server.url, await ingestToken('staging'));
  expect(response.status, await response.clone().text()).toBe(200);
  return sql(`SELECT ${RECORD_COLUMNS} FROM executions ORDER BY seq`);
}

describe('every supported sender format stores identical records', () => {
  it('Vector NDJSON, Vector JSON array, Fluent Bit json_lines (gzip, date double), OTLP JSON and OTLP protobuf', async () => {
    const results: Record<string, unknown[]> = {};
    for (const [name, sender] of Object.entries(SENDERS)) results[name] = await storedVia(sender);
    const reference = results['Vector NDJSON']!;
    expect(reference).toHaveLength(EVENTS.length);
    expect(reference[5]).toMatchObject({ id: 'evt-5', is_error: true, error: 'rate limited', output: 'plain text output ✓', input_tokens: 105 });
    for (const [name, rows] of Object.entries(results)) expect(rows, name).toEqual(reference);
  });

  it('answers OTLP partialSuccess when records are quarantined, in JSON and in protobuf', async () => {
    const request = otlpRequest(EVENTS.slice(0, 3));
    delete (request.resourceLogs[0]!.scopeLogs[0]!.logRecords[1] as { timeUnixNano?: string }).timeUnixNano;
    const token = await ingestToken('staging');
    const json = await post(`${server.url}/api/v1/otlp/v1/logs`, token, JSON.stringify(request), { 'content-type': 'application/json' });
    expect(await json.json()).toMatchObject({ partialSuccess: { rejectedLogRecords: 1, errorMessage: expect.stringContaining('record 2: missing timestamp') } });
    const type = otlpLogsRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
    const response = await post(`${server.url}/api/v1/otlp/v1/logs`, token, type.encode(type.fromObject(otlpRequest([{ ...EVENTS[0]!, id: 'fresh' }]))).finish(), { 'content-type': 'application/x-protobuf' });
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const answer = otlpLogsRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse').decode(new Uint8Array(await response.arrayBuffer()));
    expect(answer.toJSON()).toEqual({});
    const garbage = await post(`${server.url}/api/v1/otlp/v1/logs`, token, Buffer.from([0xff, 0xff, 0xff, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).error).toMatch(/undecodable OTLP body/);
  });
});
