// The setups bench:recorder compares: the same trivial tool through the real SDK, without and with the recorder,
// in process (in-memory transport), over stdio and over Streamable HTTP (the server in a child process).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { createRecorder, jsonlFileSink, recordMcpServer, type Recorder, type RecordSink } from '../../lib/mcp';
import { hostMcpOverHttp } from '../../lib/mcp/demo/httpHost';

export function echoServer(sink: RecordSink | null): { server: McpServer; recorder: Recorder | null } {
  const server = new McpServer({ name: 'bench-mcp', version: '1.0.0' });
  server.registerTool('echo', { description: 'Returns its input', inputSchema: { text: z.string(), n: z.number().int() } },
    async ({ text, n }) => ({ content: [{ type: 'text', text: `${text} ${n}` }] }));
  return { server, recorder: sink ? recordMcpServer(server, { sinks: [sink], environment: 'staging', callTimeoutMs: 0 }) : null };
}

/** Counts nothing and keeps nothing: the recorder's own cost without any I/O (taking bytes, as the real sinks do). */
export const discardingSink = (): RecordSink => ({ write: () => {}, writeBytes: () => {}, flush: async () => {}, close: async () => {} });

export interface Contender {
  name: string;
  client: Client;
  /** CPU time so far, ms, of what the table measures (NaN where it cannot be read). */
  cpuMs: () => number;
  flush: () => Promise<void>;
  close: () => Promise<void>;
}

/** All threads of this process (the file sink's writes included). */
export function thisProcessCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU time of another process, ms: the sum of its threads' run time from /proc/<pid>/task/<tid>/schedstat
 * (nanoseconds: `stat`'s 10 ms ticks were too coarse for a 500-call chunk). Linux only; NaN elsewhere. Threads
 * that ended are not counted: a Node server's threads live as long as it does.
 */
export function processCpuMs(pid: number): number {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return Number.NaN;
  let ns = 0;
  for (const tid of readdirSync(tasks)) {
    try {
      ns += Number(readFileSync(`${tasks}/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

export async function inProcess(name: string, sink: RecordSink | null): Promise<Contender> {
  const { server, recorder } = echoServer(sink);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  await client.connect(clientSide);
  return { name, client, cpuMs: thisProcessCpuMs, flush: async () => recorder?.flush(), close: async () => { await client.close(); await recorder?.close(); } };
}

/** The server in a child process (this file's `serveStdio`), spoken to over its stdin and stdout. */
export async function overStdio(name: string, script: string, record?: string): Promise<Contender> {
  const args = ['--import', 'tsx', script, '--serve-stdio', ...(record ? ['--record', record] : [])];
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'inherit' });
  await client.connect(transport);
  const pid = transport.pid;
  return { name, client, cpuMs: () => (pid === null ? Number.NaN : processCpuMs(pid)), flush: async () => {}, close: () => client.close() };
}

/** Over Streamable HTTP: the server (one recorder for all its sessions) in a child process that prints its URL. */
export async function overHttp(name: string, script: string, record?: string): Promise<Contender> {
  const args = ['--import', 'tsx', script, '--serve-http', ...(record ? ['--record', record] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the HTTP server exited (${code}) before it listened`)));
  });
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  // POSTs without the transport's long-lived abort signal: Node's fetch left a listener on it per request (thousands
  // over a run, with a warning for each past 1500), which slowed the client as the run went on. Its GET stream keeps it.
  const postWithoutSignal: typeof fetch = (input, init) => fetch(input, init?.method === 'POST' ? { ...init, signal: undefined } : init);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: postWithoutSignal }));
  const pid = child.pid ?? null;
  const close = async () => {
    await client.close();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end(); // the child closes its recorder (flushing the file) and exits
    await exited;
  };
  return { name, client, cpuMs: () => (pid === null ? Number.NaN : processCpuMs(pid)), flush: async () => {}, close };
}

/** Child mode: the echo server over Streamable HTTP, one SDK server per session, all recorded by one recorder. */
export async function serveHttp(record: string | undefined): Promise<void> {
  const recorder = record ? createRecorder({ sinks: [jsonlFileSink({ path: record, maxBytes: 1 << 30 })], environment: 'staging', callTimeoutMs: 0, server: { name: 'bench-mcp', version: '1.0.0' } }) : null;
  const host = await hostMcpOverHttp({ createServer: () => echoServer(null).server, wrapTransport: recorder ? (transport) => recorder.wrap(transport) : undefined });
  console.log(host.url);
  process.stdin.resume();
  process.stdin.on('end', () => void host.close().then(() => recorder?.close()).finally(() => process.exit(0)));
}

/** Child mode: the echo server on stdio, recorded to the JSONL file given with --record. */
export async function serveStdio(record: string | undefined): Promise<void> {
  const { server, recorder } = echoServer(record === 'DISCARD' ? discardingSink() : record ? jsonlFileSink({ path: record, maxBytes: 1 << 30 }) : null);
  await server.connect(new StdioServerTransport());
  process.stdin.on('end', () => void (recorder?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
}
