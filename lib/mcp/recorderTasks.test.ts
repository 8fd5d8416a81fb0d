import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRecorder, memorySink, reportSideEffect, type McpExecutionRecord, type Recorder } from './index';

/**
 * Task-augmented tool calls (MCP tasks, the SDK's experimental API): tools/call answers at once with a task
 * handle, and the tool's real result comes later through tasks/result — possibly on another connection.
 */
function taskServer(store: InMemoryTaskStore, finishAfterMs = 30) {
  const server = new McpServer({ name: 'task-mcp', version: '2.0.0' }, { capabilities: { tools: {}, tasks: { requests: { tools: { call: {} } } } }, taskStore: store });
  server.experimental.tasks.registerToolTask('export_table', { inputSchema: { table: z.string() }, execution: { taskSupport: 'required' } }, {
    createTask: async ({ table }, extra) => {
      const task = await extra.taskStore.createTask({ ttl: 60_000 });
      if (table !== 'never') {
        setTimeout(() => void extra.taskStore.storeTaskResult(task.taskId, table === 'broken' ? 'failed' : 'completed',
          { content: [{ type: 'text', text: table === 'broken' ? 'disk full' : `exported ${table}: 42 rows` }], isError: table === 'broken' })
          // Finishing after the connection closed: the SDK stores the result, then fails to announce it.
          .catch(() => {}), finishAfterMs);
      }
      return { task };
    },
    getTask: async (_args, extra) => extra.taskStore.getTask(extra.taskId),
    getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
  });
  return server;
}

async function connect(server: McpServer, recorder: Recorder, sessionId?: string): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  if (sessionId) serverSide.sessionId = sessionId; // as a Streamable HTTP session has: the SDK's task store is scoped by it
  await server.connect(recorder.wrap(serverSide));
  const client = new Client({ name: 'agent-tasks', version: '1.0.0' });
  await client.connect(clientSide);
  await client.listTools(); // the client learns which tools need a task
  return client;
}

async function callAsTask(client: Client, table: string) {
  const seen: string[] = [];
  for await (const message of client.experimental.tasks.callToolStream({ name: 'export_table', arguments: { table } }, CallToolResultSchema)) seen.push(message.type);
  return seen;
}

function setup() {
  const sink = memorySink();
  const recorder = createRecorder({ sinks: [sink], environment: 'staging' });
  const records = () => sink.lines.map((line) => JSON.parse(line) as McpExecutionRecord);
  return { recorder, records };
}

describe('task-augmented tool calls', () => {
  it('are recorded once, with the result tasks/result delivered, not the task handle', async () => {
    const { recorder, records } = setup();
    const client = await connect(taskServer(new InMemoryTaskStore()), recorder);
    expect(await callAsTask(client, 'users')).toEqual(expect.arrayContaining(['taskCreated', 'result']));
    await recorder.close();
    const [record, ...rest] = records();
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ method: 'tools/call', tool_name: 'export_table', arguments: { table: 'users' }, is_error: false, request_id: '2' });
    expect(record!.output).toMatchObject({ content: [{ type: 'text', text: 'exported users: 42 rows' }] });
    expect(record!.attributes).toMatchObject({ task_id: expect.any(String), task_status: 'completed' });
    expect(record!.duration_ms).toBeGreaterThanOrEqual(25); // from the call to its result, not to the handle
  });

  it('record a failed task as an error, and a cancelled one as cancelled', async () => {
    const { recorder, records } = setup();
    const client = await connect(taskServer(new InMemoryTaskStore()), recorder);
    await callAsTask(client, 'broken').catch(() => {});
    const created = await client.request({ method: 'tools/call', params: { name: 'export_table', arguments: { table: 'never' }, task: { ttl: 60_000 } } }, z.object({ task: z.object({ taskId: z.string() }) }).loose());
    await client.experimental.tasks.cancelTask(created.task.taskId);
    await recorder.close();
    expect(records()).toEqual([
      expect.objectContaining({ arguments: { table: 'broken' }, is_error: true, error: 'task failed', attributes: expect.objectContaining({ task_status: 'failed' }) }),
      expect.objectContaining({ arguments: { table: 'never' }, is_error: true, error: expect.stringMatching(/^task cancelled/), attributes: expect.objectContaining({ task_status: 'cancelled', cancelled: true }) }),
    ]);
  });

  it('follow a task to another connection of the same recorder, and close with the recorder when never finished', async () => {
    const { recorder, records } = setup();
    const store = new InMemoryTaskStore();
    const server = taskServer(store, 0);
    const first = await connect(server, recorder);
    const created = await first.request({ method: 'tools/call', params: { name: 'export_table', arguments: { table: 'orders' }, task: {} } }, z.object({ task: z.object({ taskId: z.string() }) }).loose());
    const pending = await first.request({ method: 'tools/call', params: { name: 'export_table', arguments: { table: 'never' }, task: {} } }, z.object({ task: z.object({ taskId: z.string() }) }).loose());
    await first.close();
    const second = await connect(taskServer(store, 0), recorder);
    const result = await second.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema);
    expect(result.content).toEqual([{ type: 'text', text: 'exported orders: 42 rows' }]);
    expect(records()).toEqual([expect.objectContaining({ arguments: { table: 'orders' }, is_error: false, agent_id: 'agent-tasks', attributes: expect.objectContaining({ task_id: created.task.taskId }) })]);
    await recorder.close();
    expect(records()[1]).toMatchObject({ arguments: { table: 'never' }, is_error: true, attributes: { task_id: pending.task.taskId, task_status: 'working', recorder_closed: true } });
  });

  it('keep a task going when another session asks for its result and is told it does not exist', async () => {
    const { recorder, records } = setup();
    const store = new InMemoryTaskStore();
    const alice = await connect(taskServer(store, 50), recorder, 'session-a');
    const bob = await connect(taskServer(store, 50), recorder, 'session-b');
    const created = await alice.request({ method: 'tools/call', params: { name: 'export_table', arguments: { table: 'payroll' }, task: {} } }, z.object({ task: z.object({ taskId: z.string() }) }).loose());
    await expect(bob.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema)).rejects.toThrow();
    expect(records()).toEqual([]);
    expect((await alice.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema)).content).toEqual([{ type: 'text', text: 'exported payroll: 42 rows' }]);
    await recorder.close();
    expect(records()).toEqual([expect.objectContaining({ session_id: 'session-a', is_error: false, output: expect.objectContaining({ content: [{ type: 'text', text: 'exported payroll: 42 rows' }] }) })]);
  });

  it('keep the side effects a task reports while it runs', async () => {
    const { recorder, records } = setup();
    const store = new InMemoryTaskStore();
    const server = new McpServer({ name: 'task-mcp', version: '2.0.0' }, { capabilities: { tools: {}, tasks: { requests: { tools: { call: {} } } } }, taskStore: store });
    server.experimental.tasks.registerToolTask('fetch_all', { inputSchema: { url: z.string() }, execution: { taskSupport: 'required' } }, {
      createTask: async ({ url }, extra) => {
        const task = await extra.taskStore.createTask({ ttl: 60_000 });
        setTimeout(() => void (async () => {
          await reportSideEffect(extra, { kind: 'http', target: url });
          await extra.taskStore.storeTaskResult(task.taskId, 'completed', { content: [{ type: 'text', text: 'fetched' }] });
        })().catch(() => {}), 20);
        return { task };
      },
      getTask: async (_args, extra) => extra.taskStore.getTask(extra.taskId),
      getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
    });
    const client = await connect(server, recorder);
    for await (const _ of client.experimental.tasks.callToolStream({ name: 'fetch_all', arguments: { url: 'https://exfil.example/collect' } }, CallToolResultSchema));
    await recorder.close();
    expect(records()).toEqual([expect.objectContaining({ tool_name: 'fetch_all', is_error: false, side_effects: [{ kind: 'http', target: 'https://exfil.example/collect' }] })]);
  });
});
