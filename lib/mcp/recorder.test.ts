import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { canonicalJson } from '../ledger/canonicalJson';
import { sha256Hex } from './callRecord';
import { createRecorder, memorySink, recordEnvironment, recordMcpServer, reportSideEffect, type McpExecutionRecord, type RecorderOptions } from './index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(server: { connect: McpServer['connect'] }, authInfo?: { token: string; clientId: string; scopes: string[]; extra?: Record<string, unknown> }) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  if (authInfo) {
    const send = clientSide.send.bind(clientSide);
    clientSide.send = (message, options) => send(message, { ...options, authInfo });
  }
  await server.connect(serverSide);
  const client = new Client({ name: 'agent-unit', version: '3.1.0' });
  await client.connect(clientSide);
  return client;
}

function recorded(options: Partial<RecorderOptions> = {}) {
  const sink = memorySink();
  const records = () => sink.lines.map((line) => JSON.parse(line) as McpExecutionRecord);
  return { sink, records, options: { sinks: [sink], environment: 'staging' as const, ...options } };
}

describe('the answer and its record', () => {
  it('sends the answer before writing its record (the client never waits for the recorder), and the record still says what was sent', async () => {
    const server = new McpServer({ name: 'unit-mcp', version: '4.0.0' });
    const events: string[] = [];
    let returned: { content: { type: 'text'; text: string }[] } | undefined;
    server.registerTool('echo', { inputSchema: { q: z.string() } }, async ({ q }) => (returned = { content: [{ type: 'text', text: q }] }));
    const sink = memorySink();
    const write = sink.write.bind(sink);
    sink.write = (line) => {
      events.push('recorded');
      write(line);
    };
    const recorder = recordMcpServer(server, { sinks: [sink], environment: 'staging', callTimeoutMs: 0 });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const send = serverSide.send.bind(serverSide);
    serverSide.send = (message, options) => {
      if ('result' in message && (message.result as { content?: unknown }).content !== undefined) events.push('answered');
      return send(message, options);
    };
    await server.connect(serverSide);
    const client = new Client({ name: 'agent-unit', version: '3.1.0' });
    await client.connect(clientSide);
    await client.callTool({ name: 'echo', arguments: { q: 'warm-up' } }); // loads the tool catalogue (its record waits for it)
    await recorder.flush();
    events.length = 0;
    await client.callTool({ name: 'echo', arguments: { q: 'second' } });
    // A tool that changes its result object once the call is over cannot change the record.
    returned!.content[0]!.text = 'changed afterwards';
    await recorder.flush();
    expect(events).toEqual(['answered', 'recorded']);
    expect(JSON.parse(sink.lines[1]!).output).toEqual({ content: [{ type: 'text', text: 'second' }] });
    await client.close();
    await recorder.close();
  });
});

describe('recordMcpServer', () => {
  it('records an McpServer: tool facts from its own tools/list, user from auth, side effects reported out of band', async () => {
    const server = new McpServer({ name: 'unit-mcp', version: '4.0.0' });
    server.registerTool('lookup', { inputSchema: { q: z.string() }, _meta: { 'warden/version': '1.2.3' } }, async ({ q }, extra) => {
      await reportSideEffect(extra, { kind: 'http', target: `https://api.example.com/?q=${q}` });
      return { content: [{ type: 'text', text: `found ${q}` }] };
    });
    const { records, options } = recorded();
    const recorder = recordMcpServer(server, options);
    const client = await connect(server, { token: 't', clientId: 'gateway', scopes: [], extra: { sub: 'ana@acme.dev' } });
    const unknown = vi.fn();
    client.fallbackNotificationHandler = unknown;
    const result = await client.callTool({ name: 'lookup', arguments: { q: 'mcp' } });
    expect(result).toEqual({ content: [{ type: 'text', text: 'found mcp' }] });
    const schema = (await client.listTools()).tools[0]!.inputSchema;
    await recorder.close();
    expect(unknown).not.toHaveBeenCalled(); // the side-effect note never reached the client
    expect(records()).toEqual([expect.objectContaining({
      method: 'tools/call', tool_name: 'lookup', tool_version: '1.2.3', input_schema_hash: sha256Hex(canonicalJson(schema)), server_name: 'unit-mcp',
      server_version: '4.0.0', user_id: 'ana@acme.dev', agent_id: 'agent-unit', arguments: { q: 'mcp' }, is_error: false,
      side_effects: [{ kind: 'http', target: 'https://api.example.com/?q=mcp' }], attributes: { transport: 'in-memory', client: 'agent-unit/3.1.0' },
    })]);
  });

  it('records a low-level Server too, its thrown handler errors as JSON-RPC errors, unchanged for the client', async () => {
    const server = new Server({ name: 'raw-mcp', version: '0.1.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'fail', inputSchema: { type: 'object' } }] }));
    server.setRequestHandler(CallToolRequestSchema, async () => {
      throw new McpError(-32001, 'backend exploded', { retry: false });
    });
    const { records, options } = recorded({ defaultUserId: 'svc-batch' });
    const recorder = recordMcpServer(server, options);
    const client = await connect(server);
    await expect(client.callTool({ name: 'fail', arguments: {} })).rejects.toThrow('backend exploded');
    await recorder.close();
    expect(records()[0]).toMatchObject({ server_name: 'raw-mcp', tool_name: 'fail', tool_version: '0.1.0', user_id: 'svc-batch', is_error: true, error: 'MCP error -32001: backend exploded', attributes: { jsonrpc_error_code: -32001 } });
  });

  it('records a call past callTimeoutMs as an error, then its late answer as a second record pointing back', async () => {
    const server = new McpServer({ name: 'slow-mcp', version: '1.0.0' });
    server.registerTool('slow', { inputSchema: {} }, async () => {
      await sleep(300);
      return { content: [{ type: 'text', text: 'finally' }] };
    });
    const { records, options } = recorded({ callTimeoutMs: 100 });
    const recorder = recordMcpServer(server, options);
    const client = await connect(server);
    expect(await client.callTool({ name: 'slow', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'finally' }] });
    await recorder.close();
    const [timedOut, late] = records();
    expect(timedOut).toMatchObject({ is_error: true, error: 'no response within 100 ms', attributes: { timed_out: true } });
    expect(late).toMatchObject({ is_error: false, request_id: timedOut!.request_id, attributes: { late_response_to: timedOut!.id } });
  });

  it('records calls still running when the recorder closes, and keeps tool facts current when tools change', async () => {
    const server = new McpServer({ name: 'live-mcp', version: '2.0.0' });
    server.registerTool('wait', { inputSchema: {} }, async (_args, extra) => {
      await new Promise((resolve) => extra.signal.addEventListener('abort', resolve));
      return { content: [] };
    });
    const { records, options } = recorded();
    const recorder = recordMcpServer(server, options);
    const client = await connect(server);
    server.registerTool('added_later', { inputSchema: { n: z.number() }, _meta: { version: '0.0.1' } }, async () => ({ content: [] }));
    await client.callTool({ name: 'added_later', arguments: { n: 1 } });
    void client.callTool({ name: 'wait', arguments: {} }).catch(() => {});
    await sleep(20);
    await recorder.close();
    expect(records().map((record) => [record.tool_name, record.tool_version, record.error])).toEqual([
      ['added_later', '0.0.1', undefined], ['wait', '2.0.0', 'recorder closed before a response'],
    ]);
  });

  it('records a result as it was sent, even when the tool changes the object afterwards', async () => {
    const server = new McpServer({ name: 'cache-mcp', version: '1.0.0' });
    const cached = { content: [{ type: 'text' as const, text: 'as sent' }] };
    server.registerTool('cached', { inputSchema: { q: z.string() } }, async () => {
      setImmediate(() => { cached.content[0]!.text = 'changed after sending'; });
      return cached;
    });
    const { records, options } = recorded();
    const recorder = recordMcpServer(server, options);
    const client = await connect(server);
    expect(await client.callTool({ name: 'cached', arguments: { q: 'x' } })).toEqual({ content: [{ type: 'text', text: 'as sent' }] });
    await sleep(20);
    expect(cached.content[0]!.text).toBe('changed after sending');
    await recorder.close();
    expect(records()).toEqual([expect.objectContaining({ tool_name: 'cached', arguments: { q: 'x' }, output: { content: [{ type: 'text', text: 'as sent' }] }, is_error: false })]);
  });

  it('survives sinks that throw: the call succeeds and the error is reported', async () => {
    const server = new McpServer({ name: 'x', version: '1' });
    server.registerTool('ok', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'ok' }] }));
    const reported: string[] = [];
    const good = memorySink();
    const recorder = recordMcpServer(server, {
      environment: 'staging', onError: (error) => void reported.push(error.message),
      sinks: [{ write: () => { throw new Error('sink down'); }, flush: async () => {}, close: async () => {} }, good],
    });
    const client = await connect(server);
    expect(await client.callTool({ name: 'ok', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'ok' }] });
    await recorder.close();
    expect(reported).toEqual(['sink down']);
    expect(good.lines).toHaveLength(1);
    expect(recorder.stats()).toMatchObject({ recorded: 1, sinkErrors: 1 });
  });
});

describe('recordEnvironment', () => {
  it('defaults to staging and refuses anything Warden would quarantine', () => {
    expect(recordEnvironment(undefined)).toBe('staging');
    expect(recordEnvironment('production')).toBe('production');
    expect(() => recordEnvironment('prod')).toThrow(/MCP_ENV must be staging or production/);
    expect(createRecorder({ sinks: [], environment: 'production' }).environment).toBe('production');
  });

  it('records a call whose result JSON cannot write (a cycle, a BigInt) as an error saying so, and reports it', async () => {
    const server = new McpServer({ name: 'unit-mcp', version: '4.0.0' });
    const cyclic: Record<string, unknown> = { name: 'row' };
    cyclic.self = cyclic;
    server.registerTool('orm_row', { inputSchema: { id: z.number() } }, async () => ({ content: [{ type: 'text', text: 'row' }], structuredContent: cyclic }));
    server.registerTool('counter', {}, async () => ({ content: [{ type: 'text', text: 'big' }], _meta: { total: 10n } as Record<string, unknown> }));
    const reported: Error[] = [];
    const { records, options } = recorded({ onError: (error) => void reported.push(error) });
    const recorder = recordMcpServer(server, options);
    const client = await connect(server);
    await client.callTool({ name: 'orm_row', arguments: { id: 1 } });
    await client.callTool({ name: 'counter', arguments: {} });
    await recorder.close();
    expect(records()).toEqual([
      expect.objectContaining({ tool_name: 'orm_row', arguments: { id: 1 }, is_error: true, error: expect.stringMatching(/^the result could not be written as JSON: .*circular/i) }),
      expect.objectContaining({ tool_name: 'counter', is_error: true, error: expect.stringMatching(/^the result could not be written as JSON: .*BigInt/) }),
    ]);
    expect(records().every((record) => record.output === undefined)).toBe(true);
    expect(reported).toHaveLength(2);
  });

  it('names each server on a recorder they share, stateless Streamable HTTP included (no initialize on its connections)', async () => {
    const { records, options } = recorded();
    const recorder = createRecorder(options);
    const httpServer = http.createServer((req, res) => void (async () => {
      // The SDK's stateless pattern: a server and a transport per request.
      const server = new McpServer({ name: 'billing-mcp', version: '3.4.0' });
      server.registerTool('invoice', { inputSchema: { id: z.string() } }, async ({ id }) => ({ content: [{ type: 'text', text: `invoice ${id}` }] }));
      recordMcpServer(server, recorder);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => void transport.close());
      await server.connect(transport);
      await transport.handleRequest(req, res);
    })());
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const client = new Client({ name: 'agent-unit', version: '3.1.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`)));
      await client.callTool({ name: 'invoice', arguments: { id: 'A-1' } });
      await client.close();
    } finally {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    }
    await recorder.close();
    expect(records()).toEqual([expect.objectContaining({ tool_name: 'invoice', server_name: 'billing-mcp', server_version: '3.4.0', tool_version: '3.4.0' })]);
  });

  it('names each server on a recorder the first one made and the others were given (the README\'s sharing pattern), unless the recorder was given a name', async () => {
    const cases: [Partial<RecorderOptions>, string[]][] = [[{}, ['billing@1.0.0', 'search@9.9.9']], [{ server: { name: 'fleet', version: '7' } }, ['fleet@7', 'fleet@7']]];
    for (const [given, expected] of cases) {
      const { records, options } = recorded(given);
      const servers = [new McpServer({ name: 'billing', version: '1.0.0' }), new McpServer({ name: 'search', version: '9.9.9' })];
      for (const server of servers) server.registerTool('ping', {}, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
      const recorder = recordMcpServer(servers[0]!, options);
      recordMcpServer(servers[1]!, recorder);
      for (const server of servers) await (await connect(server)).callTool({ name: 'ping' });
      await recorder.close();
      expect(records().map((record) => `${record.server_name}@${record.server_version}`)).toEqual(expected);
    }
  });
});

describe('Recorder.close', () => {
  it('answers every caller once the sinks are closed, not only the first (flushOnShutdown and the app both closing)', async () => {
    let closed = false;
    const slowSink = { write: () => {}, flush: async () => {}, close: async () => { await sleep(100); closed = true; } };
    const recorder = createRecorder({ sinks: [slowSink], environment: 'staging' });
    const first = recorder.close();
    await recorder.close();
    expect(closed).toBe(true);
    await first;
  });
});
