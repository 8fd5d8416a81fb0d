import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LATEST_PROTOCOL_VERSION, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memorySink, recordMcpServer, type McpExecutionRecord } from './index';
import { MAX_TIMED_OUT_KEPT } from './recordingTransport';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client that sends whatever it is given, as a broken or hostile one would (the SDK's Client only sends valid requests). */
async function rawClient(server: McpServer) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const received: Array<Record<string, any>> = [];
  clientSide.onmessage = (message) => void received.push(message as Record<string, any>);
  await clientSide.start();
  const send = (message: unknown) => clientSide.send(message as JSONRPCMessage);
  await send({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  for (let waited = 0; received.length === 0 && waited < 1_000; waited += 5) await sleep(5);
  return { send, received };
}

function recordedServer(callTimeoutMs?: number) {
  const server = new McpServer({ name: 'unanswered-mcp', version: '1.0.0' });
  server.registerTool('wait', { inputSchema: { ms: z.number(), tag: z.string() } }, async ({ ms, tag }) => {
    await sleep(ms);
    return { content: [{ type: 'text', text: `done ${tag}` }] };
  });
  server.registerTool('never', { inputSchema: {} }, () => new Promise<never>(() => {}));
  const sink = memorySink();
  const recorder = recordMcpServer(server, { sinks: [sink], environment: 'staging', callTimeoutMs });
  const records = () => sink.lines.map((line) => JSON.parse(line) as McpExecutionRecord);
  return { server, recorder, records };
}

describe('a request under an id still pending', () => {
  it('gets its own record, as the earlier one does: answers matched in arrival order, both flagged', async () => {
    const { server, recorder, records } = recordedServer();
    const { send, received } = await rawClient(server);
    await send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'wait', arguments: { ms: 40, tag: 'first' } } });
    await send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'wait', arguments: { ms: 80, tag: 'second' } } });
    await sleep(200);
    await recorder.close();
    expect(received.filter((message) => message.id === 7).map((message) => message.result.content[0].text)).toEqual(['done first', 'done second']);
    expect(records().map((record) => [record.arguments, record.output, record.attributes?.request_id_reused])).toEqual([
      [{ ms: 40, tag: 'first' }, { content: [{ type: 'text', text: 'done first' }] }, true],
      [{ ms: 80, tag: 'second' }, { content: [{ type: 'text', text: 'done second' }] }, true],
    ]);
  });
});

describe('a request the SDK does not answer', () => {
  it('is recorded at once as an invalid request, not left waiting for a timeout', async () => {
    const { server, recorder, records } = recordedServer();
    const { send, received } = await rawClient(server);
    const answered = received.length;
    const invalid = [
      { jsonrpc: '2.0', id: 'text', method: 'tools/call', params: 'garbage' },
      { jsonrpc: '2.0', id: 'list', method: 'tools/call', params: [1, 2] },
      { jsonrpc: '2.0', id: 1.5, method: 'tools/call', params: { name: 'wait', arguments: { ms: 0, tag: 'x' } } },
      { jsonrpc: '1.0', id: 'old', method: 'resources/read', params: { uri: 'file:///a' } },
    ];
    for (const message of invalid) await send(message);
    await sleep(20);
    expect(received.length).toBe(answered);
    expect(recorder.stats().pending).toBe(0);
    await recorder.close();
    // A tools/call waits for its tool's catalogue entry (the first call asks the server), a resources/read does not.
    expect(records().map((record) => [record.request_id, record.is_error, record.attributes?.invalid_request]).sort()).toEqual([
      ['1.5', true, true], ['list', true, true], ['old', true, true], ['text', true, true],
    ]);
    expect(records().find((record) => record.request_id === 'text')!.attributes?.params).toBe('garbage');
  });
});

describe('calls that never get an answer', () => {
  it('are recorded as timed out, and only the newest of them wait on for a late answer', async () => {
    const { server, recorder, records } = recordedServer(40);
    const { send } = await rawClient(server);
    const calls = MAX_TIMED_OUT_KEPT + 50;
    for (let n = 0; n < calls; n++) await send({ jsonrpc: '2.0', id: n, method: 'tools/call', params: { name: 'never', arguments: {} } });
    for (let waited = 0; waited < 2_000 && records().length < calls; waited += 20) await sleep(20);
    await sleep(60); // a sweep after the last one was reported
    expect(recorder.stats().pending).toBe(MAX_TIMED_OUT_KEPT);
    await recorder.close();
    expect(records()).toHaveLength(calls); // closing records nothing again: each already has its record
    expect(records().every((record) => record.attributes?.timed_out === true)).toBe(true);
  });
});
