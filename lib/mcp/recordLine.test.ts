import { describe, expect, it } from 'vitest';
import { buildRecord, type ConnectionFacts, type PendingCall } from './callRecord';
import { randomRecordId } from './recordIds';
import { durationText, RecordLines } from './recordLine';
import { ResultLines } from './resultLines';
import type { ToolFacts } from './toolCatalogue';

const facts: ConnectionFacts = {
  environment: 'production', serverName: 'files-mcp', serverVersion: '2.0.0', sessionId: 's-1', agentId: 'agent-x', attributes: { transport: 'stdio', client: 'agent-x/1' },
};
const call = (overrides: Partial<PendingCall> = {}): PendingCall => ({
  id: 7, method: 'tools/call', params: { name: 'read_file', arguments: { path: '/tmp/ü.txt' } }, startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6), t0: 0,
  userId: 'ana@acme.dev', tool: undefined, sideEffects: undefined, reportedAs: undefined, ...overrides,
});
const plain = (id: string, pending: PendingCall, result: unknown, tool: ToolFacts | undefined, connection: ConnectionFacts, ms: number) =>
  JSON.stringify(buildRecord(id, pending, { kind: 'result', result }, tool, connection, ms));

describe('RecordLines', () => {
  it('writes exactly JSON.stringify(record), a toJSON on a field\'s value called with the field\'s name', () => {
    const lines = new RecordLines();
    const keyed = (key: string) => ({ key });
    const pending = call({ params: { name: 'read_file', arguments: { toJSON: keyed } }, sideEffects: [{ kind: 'http', target: 'x' }] });
    for (const outcome of [{ kind: 'result', result: { content: [], toJSON: keyed } }, { kind: 'error', code: -32000, message: 'boom' }] as const) {
      const record = buildRecord('id-1', pending, outcome, undefined, facts, 1.5, { late_response_to: { toJSON: keyed } });
      expect(lines.line(record)).toBe(JSON.stringify(record));
      expect(lines.line(record)).toContain(outcome.kind === 'result' ? '"output":{"key":"output"}' : '"arguments":{"key":"arguments"}');
    }
  });
});

describe('ResultLines', () => {
  it('writes exactly what JSON.stringify(buildRecord(…)) writes, call after call on a warm cache', () => {
    const calls = [
      call(), call({ id: 'req-"1"\u2028' }), call({ userId: undefined }), call({ userId: 'bob "b" <b@x>' }),
      call({ params: { name: 'list_dir' } }), call({ params: { name: 'x', arguments: {}, _meta: { progressToken: 3 } } }),
      call({ params: { name: 'traced', arguments: { q: 1 }, _meta: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` } } }),
      call({ params: { name: 'traced', arguments: { q: 1 }, _meta: { traceparent: 'not a trace' } } }),
      call({ sideEffects: [{ kind: 'http', target: 'https://api.example.com/?q="x"' }] }), call({ sideEffects: [] }),
      call({ method: 'resources/read', params: { uri: 'file:///a "b".txt' } }),
    ];
    const results = [
      { content: [{ type: 'text', text: 'hello\u2028"world" ü 😀' }] }, { content: [], structuredContent: { rows: [1, 2, null] } },
      { contents: [{ uri: 'file:///a', text: 'x' }], _meta: { 'warden/version': '3' } }, { content: [], isError: false },
    ];
    const tools: (ToolFacts | undefined)[] = [undefined, { version: '1.0.0', inputSchemaHash: 'ab'.repeat(32) }, {}, { inputSchemaHash: 'cd'.repeat(32) }];
    const connections = [facts, { ...facts, serverName: undefined, agentId: 'ägent "x"' }, { ...facts, sessionId: undefined, attributes: {} }];
    const durations = [0, 0.0004, 12.3456, 1000, 99_999.9999];
    for (const newId of [randomRecordId, () => 'custom "id"\n']) {
      const lines = new ResultLines();
      for (const connection of connections) {
        for (const pending of calls) {
          for (const result of results) {
            for (const tool of tools) {
              for (const ms of durations) {
                const id = newId();
                expect(lines.line(id, pending, result, tool, connection, ms)).toBe(plain(id, pending, result, tool, connection, ms));
              }
            }
          }
        }
      }
    }
  });

  it('leaves everything but a plain result to the general path', () => {
    const lines = new ResultLines();
    const ok = { content: [] };
    expect(lines.line('a', call({ method: 'prompts/get', params: { name: 'p' } }), { messages: [] }, undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call(), { content: [], isError: true }, undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call(), { content: [], _meta: { 'warden/side_effects': [{ kind: 'x', target: 'y' }] } }, undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call(), 'not an object', undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call({ params: { name: 42 } }), ok, undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call({ params: { name: 'x', arguments: 'rm -rf /' } }), ok, undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call({ params: undefined }), ok, undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call({ method: 'resources/read', params: { uri: 5 } }), ok, undefined, facts, 1)).toBeUndefined();
    expect(lines.line('a', call({ params: { name: 'x', arguments: { toJSON: () => undefined } } }), ok, undefined, facts, 1)).toBeUndefined();
  });
});

describe('durationText', () => {
  it('is JSON.stringify of the duration rounded to the microsecond, for any duration', () => {
    const reference = (ms: number) => JSON.stringify(Math.round(ms * 1000) / 1000);
    const samples = [0, -0, 0.0004999, 0.0005, 0.001, 0.01, 0.1, 0.12, 1, 10.5, 2147483.647, 2147483.6475, 2147483.648, 1e12, -1, -0.0004, NaN, Infinity, -Infinity, 1e21, 5e-324];
    for (let k = 0; k < 50_000; k++) samples.push(k / 1000, k / 1000 + 0.0004999, k / 1000 + 0.0005, Math.random() * 10_000, Math.random() * 3e6);
    const wrong = samples.filter((ms) => durationText(ms) !== reference(ms)).map((ms) => `${ms}: ${durationText(ms)} ≠ ${reference(ms)}`);
    expect(wrong).toEqual([]);
    expect(durationText(12.3456)).toBe('12.346');
    // Past ~1.8e305 ms the rounding overflows to Infinity: JSON has no such number and writes null.
    for (const ms of [1e306, 1.7976931348623157e308]) expect(durationText(ms)).toBe(reference(ms));
  });

  it('is written as the record holds it by RecordLines, which does not round it a second time', () => {
    const lines = new RecordLines();
    for (const ms of [1.2345, 4428747645579.279, 1e306, 0.1 + 0.2]) {
      const record = { ...buildRecord('id-1', call(), { kind: 'result', result: { content: [] } }, undefined, facts, 1), duration_ms: ms };
      expect(lines.line(record)).toBe(JSON.stringify(record));
    }
    const rounded = buildRecord('id-1', call(), { kind: 'result', result: { content: [] } }, undefined, facts, 4428747645579.279);
    expect(lines.line(rounded)).toBe(JSON.stringify(rounded));
  });
});
