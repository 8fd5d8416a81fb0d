import { describe, expect, it } from 'vitest';
import { buildRecord, fitRecord, type ConnectionFacts, type Outcome, type PendingCall } from './callRecord';
import { RecordLines } from './recordLine';

const connection: ConnectionFacts = {
  environment: 'production', serverName: 'files-mcp', serverVersion: '2.0.0', sessionId: 's-1', agentId: 'agent-x', attributes: { transport: 'stdio', client: 'agent-x/1' },
};
const call = (overrides: Partial<PendingCall> = {}): PendingCall => ({
  id: 7, method: 'tools/call', params: { name: 'read_file', arguments: { path: '/tmp/ü.txt' }, _meta: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` } },
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6), t0: 0, userId: 'ana@acme.dev', ...overrides,
});
/** The v1 schema's documented order: what the JSON text of every record follows. */
const SCHEMA_ORDER = ['id', 'timestamp', 'environment', 'server_name', 'server_version', 'method', 'tool_name', 'tool_version', 'input_schema_hash',
  'prompt_name', 'prompt_version', 'prompt_checksum', 'prompt', 'user_id', 'session_id', 'agent_id', 'request_id', 'trace_id', 'span_id',
  'arguments', 'output', 'is_error', 'error', 'duration_ms', 'side_effects', 'attributes'];
const keysInOrder = (record: object) => Object.keys(JSON.parse(JSON.stringify(record)));
const ordered = (keys: string[]) => [...keys].sort((a, b) => SCHEMA_ORDER.indexOf(a) - SCHEMA_ORDER.indexOf(b));

describe('buildRecord', () => {
  it('turns a tool result into a v1 record in schema order, with trace context and declared side effects', () => {
    const record = buildRecord('r1', call({ sideEffects: [{ kind: 'file_read', target: '/tmp/ü.txt' }] }), {
      kind: 'result', result: { content: [{ type: 'text', text: 'hello' }], _meta: { 'warden/side_effects': [{ kind: 'http', target: 'https://x' }, { bogus: true }] } },
    }, { version: '1.0.0', inputSchemaHash: 'ab'.repeat(32) }, connection, 12.34567);
    expect(record).toEqual({
      id: 'r1', timestamp: '2026-01-02T03:04:05.006Z', environment: 'production', server_name: 'files-mcp', server_version: '2.0.0', method: 'tools/call',
      tool_name: 'read_file', tool_version: '1.0.0', input_schema_hash: 'ab'.repeat(32), user_id: 'ana@acme.dev', session_id: 's-1', agent_id: 'agent-x',
      request_id: '7', trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), arguments: { path: '/tmp/ü.txt' },
      output: { content: [{ type: 'text', text: 'hello' }], _meta: { 'warden/side_effects': [{ kind: 'http', target: 'https://x' }, { bogus: true }] } },
      is_error: false, duration_ms: 12.346, side_effects: [{ kind: 'file_read', target: '/tmp/ü.txt' }, { kind: 'http', target: 'https://x' }],
      attributes: { transport: 'stdio', client: 'agent-x/1' },
    });
    expect(keysInOrder(record)).toEqual(ordered(keysInOrder(record)));
    expect(record.attributes).toBe(connection.attributes); // shared, not copied, on the common path
  });

  it('records errors, abandoned calls, prompts, resources and malformed params as what they are', () => {
    const failed = buildRecord('r2', call(), { kind: 'result', result: { content: [{ type: 'text', text: 'EACCES' }], isError: true } }, undefined, connection, 1);
    expect(failed).toMatchObject({ is_error: true, error: 'EACCES', tool_version: undefined });
    const rpc = buildRecord('r3', call(), { kind: 'error', code: -32602, message: 'Invalid params' }, undefined, connection, 1);
    expect(rpc).toMatchObject({ is_error: true, error: 'Invalid params', attributes: { transport: 'stdio', jsonrpc_error_code: -32602 } });
    const cancelled = buildRecord('r4', call(), { kind: 'abandoned', reason: 'cancelled by the client', flag: 'cancelled' }, undefined, connection, 1, { late_response_to: 'x' });
    expect(cancelled).toMatchObject({ is_error: true, output: undefined, attributes: { cancelled: true, late_response_to: 'x' } });
    const prompt = buildRecord('r5', call({ method: 'prompts/get', params: { name: 'triage', arguments: { key: 'PAY-1' } } }), {
      kind: 'result', result: { messages: [{ role: 'user', content: { type: 'text', text: 'Triage PAY-1' } }], _meta: { 'warden/version': '2.0.1', 'warden/checksum': 'c'.repeat(64) } },
    }, undefined, connection, 1);
    expect(prompt).toMatchObject({ method: 'prompts/get', prompt_name: 'triage', prompt_version: '2.0.1', prompt_checksum: 'c'.repeat(64), prompt: 'Triage PAY-1', arguments: { key: 'PAY-1' } });
    expect(prompt.tool_name).toBeUndefined();
    const unversioned = buildRecord('r6', call({ method: 'prompts/get', params: { name: 'x' } }), { kind: 'result', result: { messages: [] } }, undefined, connection, 1);
    expect(unversioned).toMatchObject({ prompt_version: '2.0.0', prompt_checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const resource = buildRecord('r7', call({ method: 'resources/read', params: { uri: 'file:///a' } }), { kind: 'result', result: { contents: [] } }, undefined, connection, 1);
    expect(resource).toMatchObject({ method: 'resources/read', arguments: { uri: 'file:///a' } });
    const malformed = buildRecord('r8', call({ params: { name: 42, arguments: 'rm -rf /' } }), { kind: 'error', code: -32603, message: 'bad' }, undefined, connection, 1);
    expect(malformed).toMatchObject({ tool_name: undefined, arguments: undefined, attributes: { params: { name: 42, arguments: 'rm -rf /' } } });
    for (const record of [failed, rpc, cancelled, prompt, resource, malformed]) expect(keysInOrder(record)).toEqual(ordered(keysInOrder(record)));
  });
});

describe('RecordLines', () => {
  it('is byte-identical to JSON.stringify for every kind of record, on a warm cache and a cold one', () => {
    const warm = new RecordLines();
    const outcomes: Outcome[] = [
      { kind: 'result', result: { content: [{ type: 'text', text: 'hello\u2028"world"' }] } },
      { kind: 'result', result: { content: [{ type: 'text', text: 'denied' }], isError: true, _meta: { 'warden/side_effects': [{ kind: 'file_read', target: '/etc' }] } } },
      { kind: 'error', code: -32602, message: 'Invalid params' },
      { kind: 'abandoned', reason: 'cancelled by the client', flag: 'cancelled' },
      { kind: 'result', result: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], _meta: { 'warden/version': '1' } } },
    ];
    const calls = [
      call(), call({ userId: undefined, sideEffects: [{ kind: 'http', target: 'https://x' }] }), call({ userId: 'bob "b" <b@x>' }),
      call({ method: 'prompts/get', params: { name: 'triage', arguments: { key: 'PAY-1' } } }), call({ method: 'resources/read', params: { uri: 'file:///a' } }),
      call({ params: { arguments: 'not an object' } }), call({ params: undefined }),
    ];
    const connections = [connection, { ...connection, serverName: undefined, agentId: 'ägent "x"' }];
    for (const facts of connections) {
      for (const pending of calls) {
        for (const outcome of outcomes) {
          for (const tool of [undefined, { version: '1.0.0', inputSchemaHash: 'ab'.repeat(32) }, {}]) {
            const record = buildRecord('id-"1"', pending, outcome, tool, facts, 12.3456, outcome.kind === 'abandoned' ? { late_response_to: 'x' } : undefined);
            expect(warm.line(record)).toBe(JSON.stringify(record));
            expect(new RecordLines().line(record)).toBe(JSON.stringify(record));
          }
        }
      }
    }
  });
});

describe('fitRecord', () => {
  it('summarises oversized fields, keeping their size and hash, and stays under the limit', () => {
    const huge = 'x'.repeat(300_000);
    const record = buildRecord('big', call(), { kind: 'result', result: { content: [{ type: 'text', text: huge }] } }, undefined, connection, 1);
    const line = fitRecord(record, JSON.stringify(record), 64 * 1024);
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(64 * 1024);
    const parsed = JSON.parse(line);
    expect(parsed.output).toMatchObject({ warden_truncated: true, bytes: JSON.stringify(record.output).length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(parsed.attributes.truncated).toEqual(['output']);
    // A tool that threw a huge message: McpServer makes it an isError result, and the record repeats it as `error`.
    const message = `upstream answered: ${'\u{1F4A5}'.repeat(200_000)}`;
    const thrown = buildRecord('thrown', call(), { kind: 'result', result: { content: [{ type: 'text', text: message }], isError: true } }, undefined, connection, 1);
    const thrownLine = fitRecord(thrown, JSON.stringify(thrown), 64 * 1024);
    expect(Buffer.byteLength(thrownLine)).toBeLessThanOrEqual(64 * 1024);
    const fitted = JSON.parse(thrownLine);
    expect(fitted.attributes.truncated).toEqual(expect.arrayContaining(['output', 'error']));
    expect(fitted.error).toMatch(/^upstream answered: .*… \[truncated: \d+ bytes, sha256 [0-9a-f]{64}\]$/s);
    expect((fitted.error as string).isWellFormed()).toBe(true);
    const malformed = buildRecord('params', { ...call(), params: { name: 7, junk: 'y'.repeat(200_000) } }, { kind: 'error', code: -32602, message: 'bad params' }, undefined, connection, 1);
    const malformedLine = fitRecord(malformed, JSON.stringify(malformed), 64 * 1024);
    expect(Buffer.byteLength(malformedLine)).toBeLessThanOrEqual(64 * 1024);
    expect(JSON.parse(malformedLine).attributes).toMatchObject({ truncated: ['params'], params: { warden_truncated: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // The client chooses the request id, the tool's name and its own name, at any length.
    const named = buildRecord('named', { ...call(), id: 'i'.repeat(100_000), params: { name: 't'.repeat(100_000), arguments: {} } }, { kind: 'error', code: -32602, message: 'Tool not found' }, undefined, { ...connection, agentId: 'a'.repeat(100_000) }, 1);
    const namedLine = fitRecord(named, JSON.stringify(named), 64 * 1024);
    expect(Buffer.byteLength(namedLine)).toBeLessThanOrEqual(64 * 1024);
    const namedRecord = JSON.parse(namedLine);
    expect(namedRecord.attributes.truncated).toEqual(expect.arrayContaining(['request_id', 'tool_name', 'agent_id']));
    expect(namedRecord.tool_name).toMatch(/^t+… \[truncated: 100000 bytes, sha256 [0-9a-f]{64}\]$/);
    expect(namedRecord.error).toBe('Tool not found'); // short fields stay as they are
    const small = buildRecord('small', call(), { kind: 'result', result: { content: [] } }, undefined, connection, 1);
    expect(fitRecord(small, JSON.stringify(small), 64 * 1024)).toBe(JSON.stringify(small));
  });
});
