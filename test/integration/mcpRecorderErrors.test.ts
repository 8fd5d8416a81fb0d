import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handleIngest } from '../../lib/ingest';
import { createRecorder, httpSink, memorySink, type Recorder, type RecordSink } from '../../lib/mcp';
import { connectHttp } from '../../lib/mcp/demo/connections';
import { hostMcpOverHttp, type McpHttpHost } from '../../lib/mcp/demo/httpHost';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, sql } from '../support/ingestFixtures';

const CALL_TIMEOUT_MS = 700;

/** A server whose tools fail in every way a real one can: a throw, a hang, a handler error. */
function faultyServer(): McpServer {
  const server = new McpServer({ name: 'faulty-mcp', version: '0.9.0' });
  server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('explode', { inputSchema: { reason: z.string() } }, async ({ reason }) => {
    throw new Error(`exploded: ${reason}`);
  });
  server.registerTool('hang', { inputSchema: {} }, async (_args, extra) => {
    await new Promise((resolve) => extra.signal.addEventListener('abort', resolve, { once: true }));
    return { content: [{ type: 'text', text: 'cancelled' }] };
  });
  server.registerPrompt('broken', { description: 'always fails' }, () => {
    throw new Error('template store unavailable');
  });
  return server;
}

/** A sink that fails every way it can: the recorder must carry on regardless. */
const brokenSink: RecordSink = {
  write: () => { throw new Error('disk on fire'); },
  flush: () => Promise.reject(new Error('still on fire')),
  close: () => Promise.reject(new Error('cannot close a fire')),
};

let warden: Awaited<ReturnType<typeof serveHandler>>;
let recorded: McpHttpHost;
let plain: McpHttpHost;
let recorder: Recorder;
const reported: string[] = [];
const lines = memorySink();

beforeAll(async () => {
  await freshDatabase();
  const token = await ingestToken('staging');
  warden = await serveHandler({ '/api/v1/ingest': handleIngest });
  recorder = createRecorder({
    environment: 'staging', callTimeoutMs: CALL_TIMEOUT_MS, onError: (error) => void reported.push(error.message),
    sinks: [brokenSink, httpSink({ url: warden.url, token, flushIntervalMs: 50 }), lines],
  });
  const authenticate = (bearer: string | undefined) => (bearer ? { token: bearer, clientId: 'tests', scopes: [], extra: { user_id: bearer } } : undefined);
  recorded = await hostMcpOverHttp({ createServer: faultyServer, wrapTransport: (transport) => recorder.wrap(transport), authenticate });
  plain = await hostMcpOverHttp({ createServer: faultyServer, authenticate });
});
afterAll(async () => {
  await recorded?.close();
  await plain?.close();
  await warden?.close();
});

const settle = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: Error & { code?: number }) => ({ error: { message: error.message, code: error.code } }));

/** The same conversation against a server; returns everything the client saw. */
async function converse(url: string) {
  const { client, close } = await connectHttp(url, { name: 'agent-chaos', version: '1.0.0' }, { token: 'mallory@acme.dev' });
  const sessionId = (client.transport as { sessionId?: string }).sessionId!;
  const seen = {
    echo: await settle(client.callTool({ name: 'echo', arguments: { text: 'still fine' } })),
    explode: await settle(client.callTool({ name: 'explode', arguments: { reason: 'disk full' } })),
    prompt: await settle(client.getPrompt({ name: 'broken' })),
    cancelled: await settle(client.callTool({ name: 'hang', arguments: {} }, undefined, { timeout: 300 })),
    timedOut: await settle(client.callTool({ name: 'hang', arguments: {} }, undefined, { timeout: CALL_TIMEOUT_MS + 900 })),
    // Malformed: no tool name and arguments that are not an object, sent raw over real HTTP.
    malformed: await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer mallory@acme.dev', 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'bad-1', method: 'tools/call', params: { name: 42, arguments: 'rm -rf /' } }),
    }).then(async (response) => ({ status: response.status, body: (await response.text()).replace(/^(event|id): .*$/gm, '').trim() })),
  };
  await close();
  return { sessionId, seen };
}

describe('the recorder with failing tools, a hanging tool, a malformed request and a broken sink', () => {
  it('records each as an error while the client sees exactly what it sees without the recorder', async () => {
    const withRecorder = await converse(recorded.url);
    const without = await converse(plain.url);
    expect(withRecorder.seen).toEqual(without.seen);
    expect(withRecorder.seen.explode).toMatchObject({ value: { isError: true, content: [{ text: 'exploded: disk full' }] } });
    expect(withRecorder.seen.cancelled).toMatchObject({ error: { message: expect.stringMatching(/timed out/i) } });
    expect(withRecorder.seen.malformed.status).toBe(200);
    expect(withRecorder.seen.malformed.body).toMatch(/"id":"bad-1".*"error"/);

    await recorder.flush();
    await recorder.close();
    const rows = await sql<Record<string, any>>('SELECT * FROM executions ORDER BY seq');
    expect(rows).toHaveLength(6);
    expect(lines.lines).toHaveLength(6);
    const byRequest = new Map(rows.map((row) => [row.request_id, row]));
    for (const row of rows) {
      expect(row).toMatchObject({ environment: 'staging', server_name: 'faulty-mcp', server_version: '0.9.0', user_id: 'mallory@acme.dev', agent_id: 'agent-chaos', session_id: withRecorder.sessionId });
    }
    const [echo, explode, prompt, cancelled, timedOut] = ['1', '2', '3', '4', '5'].map((id) => byRequest.get(id)) as [Record<string, any>, Record<string, any>, Record<string, any>, Record<string, any>, Record<string, any>];
    expect(echo).toMatchObject({ tool_name: 'echo', is_error: false, output: { content: [{ type: 'text', text: 'still fine' }] } });
    expect(explode).toMatchObject({ tool_name: 'explode', is_error: true, error: 'exploded: disk full', arguments: { reason: 'disk full' } });
    expect(prompt).toMatchObject({ method: 'prompts/get', prompt_name: 'broken', is_error: true, error: expect.stringContaining('template store unavailable') });
    expect(prompt.attributes.jsonrpc_error_code).toBe(-32603);
    expect(cancelled).toMatchObject({ tool_name: 'hang', is_error: true, error: expect.stringMatching(/^cancelled by the client/), attributes: { cancelled: true } });
    expect(timedOut).toMatchObject({ tool_name: 'hang', is_error: true, error: `no response within ${CALL_TIMEOUT_MS} ms`, attributes: { timed_out: true } });
    expect(timedOut.duration_ms).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS);
    const answered = JSON.parse(withRecorder.seen.malformed.body.replace(/^data: /m, '')) as { error: { code: number; message: string } };
    expect(byRequest.get('bad-1')).toMatchObject({
      method: 'tools/call', is_error: true, error: answered.error.message, attributes: { params: { name: 42, arguments: 'rm -rf /' }, jsonrpc_error_code: answered.error.code },
    });
    expect(byRequest.get('bad-1')!.tool_name).toBeNull();

    expect(reported.filter((message) => message === 'disk on fire')).toHaveLength(6);
    expect(reported).toEqual(expect.arrayContaining(['still on fire', 'cannot close a fire']));
  }, 30_000);
});
