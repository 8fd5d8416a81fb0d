import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRecorder, memorySink, recordMcpServer, type McpExecutionRecord, type RecordSink } from './index';
import { SyntheticRequests } from './syntheticRequests';
import { tempDirs } from './testing/tempDirs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tempDir = tempDirs('warden-lifecycle-');
const parsed = (sink: { lines: string[] }) => sink.lines.map((line) => JSON.parse(line) as McpExecutionRecord);
const liveConnections = (recorder: object) => (recorder as unknown as { live: Set<unknown> }).live.size;

function echoServer(delayMs = 0): McpServer {
  const server = new McpServer({ name: 'unit-mcp', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: { v: z.string() } }, async ({ v }) => {
    await sleep(delayMs);
    return { content: [{ type: 'text', text: `answer for ${v}` }] };
  });
  return server;
}

describe('the recorder and the transport it wraps', () => {
  it('keeps the handlers the application set on its transport (a session map cleaned up on close)', async () => {
    const server = echoServer();
    const recorder = recordMcpServer(server, { sinks: [memorySink()], environment: 'staging' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const seen: string[] = [];
    serverSide.onclose = () => void seen.push('app onclose');
    serverSide.onerror = () => void seen.push('app onerror');
    await server.connect(serverSide);
    const client = new Client({ name: 'agent', version: '1' });
    await client.connect(clientSide);
    serverSide.onerror!(new Error('transport hiccup'));
    await client.close();
    expect(seen).toEqual(['app onerror', 'app onclose']);
    expect(liveConnections(recorder)).toBe(0);
    await recorder.close();
  });

  it('forgets a transport whose connect failed (the server already had one)', async () => {
    const server = echoServer();
    const recorder = recordMcpServer(server, { sinks: [memorySink()], environment: 'staging' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await expect(server.connect(InMemoryTransport.createLinkedPair()[1])).rejects.toThrow(/Already connected/);
    const client = new Client({ name: 'agent', version: '1' });
    await client.connect(clientSide);
    await client.close();
    expect(liveConnections(recorder)).toBe(0);
    await recorder.close();
  });

  it('records a call at once when the connection closes while the recorder still waits for its own tools/list', async () => {
    const server = new Server({ name: 'proxy', version: '1' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => (await sleep(300), { tools: [{ name: 't', inputSchema: { type: 'object' as const } }] }));
    server.setRequestHandler(CallToolRequestSchema, async () => (await sleep(1000), { content: [{ type: 'text' as const, text: 'ok' }] }));
    const sink = memorySink();
    const recorder = recordMcpServer(server, { sinks: [sink], environment: 'staging', onError: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'agent', version: '1' });
    await client.connect(clientSide);
    const started = performance.now();
    void client.callTool({ name: 't' }).catch(() => {});
    await sleep(50);
    await client.close();
    await recorder.close();
    expect(performance.now() - started).toBeLessThan(2_000); // not the 10 s the recorder's own request may wait
    expect(parsed(sink).map((record) => record.attributes?.connection_closed)).toEqual([true]);
  });

  it('keeps every answer to its own requests from the client, also one that comes after it gave up', async () => {
    const synthetic = new SyntheticRequests();
    let sent: { id: string } | undefined;
    const asked = synthetic.ask('tools/list', {}, (message) => void (sent = message));
    synthetic.abandonAll('connection closed');
    await expect(asked).rejects.toThrow('connection closed');
    expect(synthetic.take({ jsonrpc: '2.0', id: sent!.id, result: { tools: [] } })).toBe(true);
    expect(synthetic.take({ jsonrpc: '2.0', id: 'client-chosen', result: {} })).toBe(false);
  });

  it('flags no reused id when the client sends its next request under the same id as soon as it has the answer', async () => {
    const server = echoServer();
    const sink = memorySink();
    const recorder = recordMcpServer(server, { sinks: [sink], environment: 'staging' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair(); // delivers answers synchronously
    await server.connect(serverSide);
    let calls = 0;
    const next = () => void clientSide.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { v: `call ${++calls}` } } } as never);
    const done = new Promise<void>((resolve) => {
      clientSide.onmessage = (message) => {
        const id = (message as { id?: unknown }).id;
        if (id === 0) {
          void clientSide.send({ jsonrpc: '2.0', method: 'notifications/initialized' } as never);
          next();
        } else if (id === 1) {
          if (calls < 3) next(); // from inside the answer's delivery
          else resolve();
        }
      };
    });
    await clientSide.start();
    await clientSide.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'agent', version: '1' } } } as never);
    await done;
    await recorder.close();
    const records = parsed(sink);
    expect(records.map((record) => (record.arguments as { v: string }).v)).toEqual(['call 1', 'call 2', 'call 3']);
    expect(records.filter((record) => record.attributes?.request_id_reused)).toEqual([]);
  });

  it('cancels the latest call under an id the client used twice, as the SDK does, and gives the earlier one its answer', async () => {
    const server = echoServer(100);
    const sink = memorySink();
    const recorder = recordMcpServer(server, { sinks: [sink], environment: 'staging', onError: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const answers: unknown[] = [];
    clientSide.onmessage = (message) => void ('id' in message && message.id === 7 && answers.push((message as { result?: unknown }).result));
    await server.connect(serverSide);
    await clientSide.start();
    const send = (message: object) => clientSide.send({ jsonrpc: '2.0', ...message } as never);
    await send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'agent', version: '1' } } });
    await send({ method: 'notifications/initialized' });
    await send({ id: 1, method: 'tools/list', params: {} });
    await sleep(20);
    await send({ id: 7, method: 'tools/call', params: { name: 'echo', arguments: { v: 'a' } } });
    await send({ id: 7, method: 'tools/call', params: { name: 'echo', arguments: { v: 'b' } } });
    await send({ method: 'notifications/cancelled', params: { requestId: 7 } });
    await sleep(300);
    await recorder.close();
    expect(answers).toEqual([{ content: [{ type: 'text', text: 'answer for a' }] }]);
    const byArgument = Object.fromEntries(parsed(sink).map((record) => [(record.arguments as { v: string }).v, record]));
    expect(byArgument.a!.output).toEqual(answers[0]);
    expect(byArgument.a!.is_error).toBe(false);
    expect(byArgument.b!.error).toMatch(/cancelled by the client/);
  });
});

describe('the recorder closing', () => {
  it('flushes and closes every sink although one throws at once, and reports it', async () => {
    const reported: string[] = [];
    const broken: RecordSink = { write: () => {}, flush: () => { throw new Error('flush: disk gone'); }, close: () => { throw new Error('close: disk gone'); } };
    let closed = false;
    const good: RecordSink = { write: () => {}, flush: async () => {}, close: async () => void (closed = true) };
    const recorder = createRecorder({ sinks: [broken, good], environment: 'staging', onError: (error) => void reported.push(error.message) });
    await expect(recorder.flush()).resolves.toBeUndefined();
    await expect(recorder.close()).resolves.toBeUndefined();
    expect(closed).toBe(true);
    expect(reported).toEqual(['flush: disk gone', 'close: disk gone']);
  });

  it('records calls still in flight although the id source throws', async () => {
    const server = echoServer(5_000);
    const sink = memorySink();
    let ids = 0;
    const recorder = recordMcpServer(server, { sinks: [sink], environment: 'staging', onError: () => {}, newId: () => {
      if (++ids > 0) throw new Error('id source down');
      return 'never';
    } });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'agent', version: '1' });
    await client.connect(clientSide);
    void client.callTool({ name: 'echo', arguments: { v: 'slow' } }).catch(() => {});
    await sleep(50);
    await expect(recorder.close()).resolves.toBeUndefined();
    expect(parsed(sink).map((record) => record.attributes?.recorder_closed)).toEqual([true]);
    await client.close();
  });

  it('records a task that outlived its ttl with the call timeout off, and after its connection closed', async () => {
    for (const { callTimeoutMs, closeFirst } of [{ callTimeoutMs: 0, closeFirst: false }, { callTimeoutMs: undefined, closeFirst: true }]) {
      const store = new InMemoryTaskStore();
      const server = new McpServer({ name: 'task-mcp', version: '2' }, { capabilities: { tools: {}, tasks: { requests: { tools: { call: {} } } } }, taskStore: store });
      server.experimental.tasks.registerToolTask('job', { inputSchema: { x: z.string() }, execution: { taskSupport: 'required' } }, {
        createTask: async (_args, extra) => ({ task: await extra.taskStore.createTask({ ttl: 200 }) }), // never finishes
        getTask: async (_args, extra) => extra.taskStore.getTask(extra.taskId),
        getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as never,
      });
      const sink = memorySink();
      const recorder = createRecorder({ sinks: [sink], environment: 'staging', callTimeoutMs, onError: () => {} });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(recorder.wrap(serverSide));
      const client = new Client({ name: 'agent', version: '1' });
      await client.connect(clientSide);
      await client.listTools();
      await client.request({ method: 'tools/call', params: { name: 'job', arguments: { x: '1' }, task: { ttl: 200 } } }, z.object({ task: z.object({ taskId: z.string() }) }).loose());
      if (closeFirst) await client.close();
      for (let waited = 0; waited < 3_000 && sink.lines.length === 0; waited += 50) await sleep(50);
      expect(parsed(sink).map((record) => record.attributes?.timed_out)).toEqual([true]);
      if (!closeFirst) await client.close();
      await recorder.close();
    }
  });

  it('flushOnShutdown with reraise false leaves a SIGTERM to the server\'s own handler, which runs once; by default the signal still ends a process whose other listener stands aside', () => {
    const script = path.join(tempDir(), 'server.ts');
    writeFileSync(script, `
      import { createRecorder, flushOnShutdown } from ${JSON.stringify(path.resolve('lib/mcp/index.ts'))};
      const recorder = createRecorder({ sinks: [{ write() {}, flush: async () => {}, close: async () => {} }], environment: 'staging' });
      let runs = 0;
      process.on('SIGTERM', () => { runs++; setTimeout(() => process.exit(0), 200); });
      flushOnShutdown(recorder, { reraise: false });
      setInterval(() => {}, 1000);
      process.on('exit', () => console.log('handler runs: ' + runs));
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 50);
    `);
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout.trim()).toBe('handler runs: 1');
    expect(run.status).toBe(0);
    // A listener that only acts when it is the last one (as signal-exit does) must not leave the process running.
    const standsAside = path.join(tempDir(), 'aside.ts');
    writeFileSync(standsAside, `
      import { createRecorder, flushOnShutdown } from ${JSON.stringify(path.resolve('lib/mcp/index.ts'))};
      const recorder = createRecorder({ sinks: [{ write() {}, flush: async () => {}, close: async () => {} }], environment: 'staging' });
      const aside = () => { if (process.listenerCount('SIGTERM') === 1) { process.off('SIGTERM', aside); process.kill(process.pid, 'SIGTERM'); } };
      process.on('SIGTERM', aside);
      flushOnShutdown(recorder);
      setInterval(() => {}, 1000);
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 50);
    `);
    const ended = spawnSync(process.execPath, ['--import', 'tsx', standsAside], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    expect(ended.signal).toBe('SIGTERM');
  });
});
