import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRecord, isoTimestamp, type ConnectionFacts, type PendingCall } from './callRecord';
import { jsonlFileSink, memorySink, recordMcpServer } from './index';
import { randomRecordId } from './recordIds';
import { ResultLines } from './resultLines';

const facts: ConnectionFacts = { environment: 'production', serverName: 'sérver "x"', serverVersion: '2.0.0', sessionId: 's-1', agentId: 'agent\u0001', attributes: { transport: 'stdio', note: 'ü\ud800' } };
const call = (params: unknown, id: string | number = 7): PendingCall => ({
  id, method: 'tools/call', params, startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6), t0: 0, userId: 'ana@acme.dev', tool: undefined, sideEffects: undefined, reportedAs: undefined,
});

describe('ResultLines.encode', () => {
  it('encodes the bytes of JSON.stringify(buildRecord(…)): multi-byte text, lone surrogates, control characters, toJSON, undefined fields', () => {
    const lines = new ResultLines();
    const when = new Date(Date.UTC(2026, 1, 3));
    const cases: [unknown, unknown][] = [
      [{ text: '日本語 😀', n: -0, f: 1.5e-9 }, { content: [{ type: 'text', text: 'line\nbreak\ttab\u0000nul "q" \\ \ud83d lone \udc00 \u2028' }] }],
      [{ when, gone: undefined, fn: () => 1 }, { content: [], structuredContent: { at: when, rows: [undefined, null, { deep: { deeper: [1, 'ü'] } }] } }],
      [{ custom: { toJSON: (key: string) => `key:${key}` } }, { content: [{ type: 'text', text: 'x'.repeat(5000) + '\u0007' }], extra: new Map() }],
      [undefined, { content: [{ type: 'text', text: 'ok' }] }],
      // A toJSON on the arguments or the output itself is called with the record's key for it, as JSON.stringify(record) calls it.
      [{ toJSON: (key: string) => ({ key }) }, { content: [], toJSON: (key: string) => ({ key }) }],
      [{ toJSON: (key: string) => ({ key, map: new Map() }) }, { content: [], toJSON: (key: string) => ({ key, map: new Map() }) }],
    ];
    for (const [args, result] of cases) {
      for (const requestId of [7, 'req-"ü"\n', 2 ** 40, 0.5]) {
        const pending = call(args === undefined ? { name: 'tool' } : { name: 'tool', arguments: args }, requestId);
        const id = randomRecordId();
        const writer = lines.encode(id, pending, result, { version: '1.0.0' }, facts, 12.3456)!;
        const bytes = Buffer.from(writer.buffer.subarray(0, writer.length));
        lines.done(writer);
        expect(bytes.equals(Buffer.from(JSON.stringify(buildRecord(id, pending, { kind: 'result', result }, { version: '1.0.0' }, facts, 12.3456))))).toBe(true);
      }
    }
  });
});

describe('ResultLines.encode without an id', () => {
  it('writes a fresh random id into the line, which idOf reads back, and the rest as JSON.stringify(buildRecord(…)) with it', () => {
    const lines = new ResultLines();
    const seen = new Set<string>();
    for (let n = 0; n < 2_000; n++) {
      const pending = call({ name: 'tool', arguments: { n } }, n);
      const writer = lines.encode(undefined, pending, { content: [{ type: 'text', text: `r${n}` }] }, undefined, facts, 1)!;
      const id = lines.idOf(writer);
      const text = writer.buffer.toString('utf8', 0, writer.length);
      lines.done(writer);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(text).toBe(JSON.stringify(buildRecord(id, pending, { kind: 'result', result: { content: [{ type: 'text', text: `r${n}` }] } }, undefined, facts, 1)));
      seen.add(id);
    }
    expect(seen.size).toBe(2_000);
  });
});

/** Clock readings as a recorder sees them: runs within a second, second and day boundaries, jumps back, fractions, before 1970, far years. */
function clockReadings(): number[] {
  const readings: number[] = [];
  let ms = Date.UTC(2026, 11, 31, 23, 59, 58, 990);
  for (let i = 0; i < 3_000; i++) {
    ms += [0, 1, 1, 7, 333, 999, 1000, 1001, -1, -1500][i % 10]!;
    readings.push(ms, ms + 0.75);
  }
  readings.push(0, -1, -0.5, -999, -1000, -1001, -86_400_001, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(-1, 5, 6, 7, 8, 9, 10), 8.64e15, -8.64e15);
  return readings;
}

describe('record timestamps', () => {
  it('are new Date(ms).toISOString() for every clock reading, in the record object and in the encoded line', () => {
    const lines = new ResultLines();
    for (const ms of clockReadings()) {
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      const pending = { ...call({ name: 'tool', arguments: {} }), startedAt: ms };
      const text = lines.line('id-1', pending, { content: [] }, undefined, facts, 1)!;
      expect(JSON.parse(text).timestamp).toBe(new Date(ms).toISOString());
      // And where the line's head carries the second's text together with a fresh id.
      const writer = lines.encode(undefined, pending, { content: [] }, undefined, facts, 1)!;
      const withFreshId = JSON.parse(writer.buffer.toString('utf8', 0, writer.length));
      lines.done(writer);
      expect(withFreshId.timestamp).toBe(new Date(ms).toISOString());
    }
    expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => isoTimestamp(8.64e15 + 1)).toThrow(RangeError);
    // Also right after the last second a Date holds was cached: the cache must not carry on past it.
    for (const [edge, past] of [[8.64e15, 8.64e15 + 1], [-8.64e15 + 500, -8.64e15 - 1]]) {
      isoTimestamp(edge!);
      expect(() => isoTimestamp(past!)).toThrow(RangeError);
      lines.line('id-1', { ...call({ name: 'tool', arguments: {} }), startedAt: edge! }, { content: [] }, undefined, facts, 1);
      expect(() => lines.line('id-1', { ...call({ name: 'tool', arguments: {} }), startedAt: past! }, { content: [] }, undefined, facts, 1)).toThrow(RangeError);
    }
  });
});

describe('ResultLines, unusual callers', () => {
  it('ends a line with its own connection\'s attributes when a toJSON in the output records a call of another connection on the way', () => {
    const lines = new ResultLines();
    const other: ConnectionFacts = { ...facts, attributes: { transport: 'other' } };
    const pending = call({ name: 'tool', arguments: {} });
    lines.line('warm', pending, { content: [] }, undefined, facts, 1);
    let inner: string | undefined;
    const result = { content: [], nested: { toJSON: () => ((inner ??= lines.line('inner', pending, { content: [] }, undefined, other, 1)), 1) } };
    const line = lines.line('outer', pending, result, undefined, facts, 1)!;
    expect(JSON.parse(inner!).attributes).toEqual({ transport: 'other' });
    expect(JSON.parse(line).attributes).toEqual(facts.attributes);
    expect(line).toBe(JSON.stringify(buildRecord('outer', pending, { kind: 'result', result }, undefined, facts, 1)));
  });

  it('leaves side_effects out, as JSON.stringify does, when they serialise to nothing', () => {
    const lines = new ResultLines();
    const sideEffects = Object.assign([{ kind: 'http', target: 'x' }], { toJSON: () => undefined });
    const pending = { ...call({ name: 'tool', arguments: {} }), sideEffects };
    const line = lines.line('id-1', pending, { content: [] }, undefined, facts, 1)!;
    expect(line).toBe(JSON.stringify(buildRecord('id-1', pending, { kind: 'result', result: { content: [] } }, undefined, facts, 1)));
    expect(JSON.parse(line).side_effects).toBeUndefined();
  });
});

describe('the recorder through a byte sink', () => {
  it('writes to the file the very lines a string sink gets, as the client was sent them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-result-lines-'));
    try {
      const file = path.join(dir, 'executions.jsonl');
      const strings = memorySink();
      const server = new McpServer({ name: 'bytes-mcp', version: '1.0.0' });
      const sent = { content: [{ type: 'text' as const, text: 'as sent ü 😀 \ud800' }] };
      server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => {
        setImmediate(() => { sent.content[0]!.text = 'changed after sending'; });
        return { content: [...sent.content, { type: 'text' as const, text }] };
      });
      const recorder = recordMcpServer(server, { sinks: [jsonlFileSink({ path: file }), strings], environment: 'staging' });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: 'agent-unit', version: '3.1.0' });
      await client.connect(clientSide);
      const texts = ['plain', 'multi-byte ü日本😀', 'control \u0001\u001f\n', 'lone \udfff'];
      for (const text of texts) await client.callTool({ name: 'echo', arguments: { text } });
      await new Promise((resolve) => setTimeout(resolve, 10));
      await recorder.close();
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines).toEqual(strings.lines);
      expect(lines.map((line) => JSON.parse(line).output)).toEqual(texts.map((text) => ({ content: [{ type: 'text', text: 'as sent ü 😀 \ud800' }, { type: 'text', text }] })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
