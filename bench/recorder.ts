// Tool calls per second through the real SDK with and without the recorder, in one run:
// `npm run bench:recorder [-- --calls 60000 --rounds 5 --chunk 500]`. The tool is trivial on purpose.
//
//  - in process (Client ↔ in-memory transport ↔ McpServer): no I/O at all, so the recorder's share is as large
//    as it can get. Wall and CPU time (all threads of this process, the file sink's writes included) are measured;
//    the file sink's records are written out after each turn, inside its CPU time but outside its wall time.
//  - over stdio (the server in a child process, as MCP hosts run most servers): the usual deployment.
//  - over Streamable HTTP (the server in a child process, one recorder for all its sessions): the remote one.
//
//  Over stdio and HTTP the server's own CPU time per call is measured as well (its threads' run time, from /proc):
//  what a busy server needs in cores, where the client's wall clock mostly shows the round trip.
//
// The machine may be shared, so the setups of a table stay connected side by side and take turns in short chunks
// (rotating order) within each of several rounds: load that comes and goes hits all of them alike. Each round's
// slowdown comes from its totals; the median round is the figure, the range shows the noise, and a second baseline
// (the same setup as the first) shows how far apart two identical setups come out in this run. The issue's target,
// under 10% for a trivial tool, is checked on the in-process JSONL file sink.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { createRecorder, jsonlFileSink, recordMcpServer, type Recorder, type RecordSink } from '../lib/mcp';
import { hostMcpOverHttp } from '../lib/mcp/demo/httpHost';

const { values } = parseArgs({ options: { calls: { type: 'string' }, chunk: { type: 'string' }, warmup: { type: 'string' }, rounds: { type: 'string' }, 'serve-stdio': { type: 'boolean' }, 'serve-http': { type: 'boolean' }, record: { type: 'string' } } });
const CALLS = Number(values.calls ?? 60_000);
const CHUNK = Number(values.chunk ?? 500);
const ROUNDS = Number(values.rounds ?? 5);
const WARMUP = Number(values.warmup ?? 3_000);

function echoServer(sink: RecordSink | null): { server: McpServer; recorder: Recorder | null } {
  const server = new McpServer({ name: 'bench-mcp', version: '1.0.0' });
  server.registerTool('echo', { description: 'Returns its input', inputSchema: { text: z.string(), n: z.number().int() } },
    async ({ text, n }) => ({ content: [{ type: 'text', text: `${text} ${n}` }] }));
  return { server, recorder: sink ? recordMcpServer(server, { sinks: [sink], environment: 'staging', callTimeoutMs: 0 }) : null };
}

interface Contender {
  name: string;
  client: Client;
  /** CPU time so far, ms, of what the table measures (NaN where it cannot be read). */
  cpuMs: () => number;
  flush: () => Promise<void>;
  close: () => Promise<void>;
  wall: number;
  cpu: number;
  calls: number;
}

/** All threads of this process (the file sink's writes included). */
function thisProcessCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU time of another process, ms: the sum of its threads' run time from /proc/<pid>/task/<tid>/schedstat
 * (nanoseconds: `stat`'s 10 ms ticks were too coarse for a 500-call chunk, whose ±10 ms swung a chunk's figure by a
 * quarter). Linux only; NaN elsewhere. Threads that ended are not counted: a Node server's threads live as long
 * as it does.
 */
function processCpuMs(pid: number): number {
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

/** Counts nothing and keeps nothing: the recorder's own cost without any I/O (taking bytes, as the real sinks do). */
const discardingSink = (): RecordSink => ({ write: () => {}, writeBytes: () => {}, flush: async () => {}, close: async () => {} });

async function inProcess(name: string, sink: RecordSink | null): Promise<Contender> {
  const { server, recorder } = echoServer(sink);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  await client.connect(clientSide);
  return { name, client, cpuMs: thisProcessCpuMs, flush: async () => recorder?.flush(), close: async () => { await client.close(); await recorder?.close(); }, wall: 0, cpu: 0, calls: 0 };
}

async function overStdio(name: string, record?: string): Promise<Contender> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve-stdio', ...(record ? ['--record', record] : [])];
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'inherit' });
  await client.connect(transport);
  const pid = transport.pid;
  return { name, client, cpuMs: () => (pid === null ? Number.NaN : processCpuMs(pid)), flush: async () => {}, close: () => client.close(), wall: 0, cpu: 0, calls: 0 };
}

/** Over Streamable HTTP: the server (one recorder for all its sessions) in a child process that prints its URL. */
async function overHttp(name: string, record?: string): Promise<Contender> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve-http', ...(record ? ['--record', record] : [])];
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
  return { name, client, cpuMs: () => (pid === null ? Number.NaN : processCpuMs(pid)), flush: async () => {}, close, wall: 0, cpu: 0, calls: 0 };
}

/**
 * The in-memory transport runs on microtasks alone, so a tight loop of calls never lets the event loop turn and
 * file writes never complete. Real transports deliver requests from I/O callbacks; yielding every 100 calls (in
 * every setup alike) restores that.
 */
async function run(contender: Contender, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await contender.client.callTool({ name: 'echo', arguments: { text: 'hello', n: i } });
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const slowdown = (ratio: number) => (1 - 1 / ratio) * 100;
const pct = (ratio: number) => `${slowdown(ratio).toFixed(1)}%`;
const spread = (ratios: number[]) => {
  const sorted = [...ratios].sort((a, b) => a - b);
  return `${pct(median(sorted)).padStart(6)} [${pct(sorted[0]!)} … ${pct(sorted.at(-1)!)}]`.padEnd(26);
};

interface Measured { wall: number; cpu: number }

/**
 * Every setup runs `calls` calls in `ROUNDS` rounds; within a round the setups take turns chunk by
 * chunk, order rotating (ABC BCA CAB …), so load from other work on the machine falls on all of
 * them alike. A round's slowdown compares its totals; the table gives the median round and the
 * range over rounds, plus the median of the per-chunk ratios.
 */
async function compare(title: string, contenders: Contender[], calls: number, withCpu: boolean): Promise<Record<string, Measured>> {
  for (const contender of contenders) {
    await run(contender, WARMUP);
    await contender.flush();
  }
  const perRound = contenders.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  const perChunk = contenders.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  const chunksPerRound = Math.max(1, Math.round(calls / ROUNDS / CHUNK));
  let turn = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const totals = contenders.map(() => ({ wall: 0, cpu: 0 }));
    for (let c = 0; c < chunksPerRound; c++, turn++) {
      const chunk: Measured[] = [];
      for (let k = 0; k < contenders.length; k++) {
        const index = (turn + k) % contenders.length;
        const contender = contenders[index]!;
        const started = performance.now();
        const cpuBefore = contender.cpuMs();
        await run(contender, CHUNK);
        const wall = performance.now() - started;
        // The chunk's records written out before its CPU time is read, so every write's cost lands on the setup
        // that made it; but not in its wall time: a server never waits for its log writes, the disk works while
        // it goes on serving calls.
        await contender.flush();
        chunk[index] = { wall, cpu: contender.cpuMs() - cpuBefore };
        totals[index]!.wall += chunk[index]!.wall;
        totals[index]!.cpu += chunk[index]!.cpu;
        contender.wall += chunk[index]!.wall;
        contender.cpu += chunk[index]!.cpu;
        contender.calls += CHUNK;
      }
      contenders.forEach((_, i) => {
        perChunk[i]!.wall.push(chunk[i]!.wall / chunk[0]!.wall);
        perChunk[i]!.cpu.push(chunk[i]!.cpu / chunk[0]!.cpu);
      });
    }
    contenders.forEach((_, i) => {
      perRound[i]!.wall.push(totals[i]!.wall / totals[0]!.wall);
      perRound[i]!.cpu.push(totals[i]!.cpu / totals[0]!.cpu);
    });
  }
  console.log(`\n${title}: ${ROUNDS} rounds × ${chunksPerRound * CHUNK} calls per setup, in turns of ${CHUNK}`);
  console.log(`${''.padEnd(29)}tool calls/s${withCpu ? '  per CPU-s' : ''}   slowdown, wall: median round [range]  chunk${withCpu ? '    CPU time: median round [range]  chunk' : ''}`);
  const result: Record<string, Measured> = {};
  contenders.forEach((contender, i) => {
    const rates = `${Math.round(contender.calls / (contender.wall / 1000)).toString().padStart(12)}${withCpu ? Math.round(contender.calls / (contender.cpu / 1000)).toString().padStart(12) : ''}`;
    const wall = i === 0 ? '' : `    ${spread(perRound[i]!.wall)}${pct(median(perChunk[i]!.wall)).padStart(6)}`;
    const cpu = i === 0 || !withCpu ? '' : `    ${spread(perRound[i]!.cpu)}${pct(median(perChunk[i]!.cpu)).padStart(6)}`;
    console.log(`  ${contender.name.padEnd(27)}${rates}${wall}${cpu}`);
    result[contender.name] = { wall: slowdown(median(perRound[i]!.wall)), cpu: slowdown(median(perRound[i]!.cpu)) };
  });
  return result;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-bench-recorder-'));
  const countLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  console.log(`bench:recorder — ${CALLS} calls per setup (stdio: half) after ${WARMUP} warm-up calls; Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);
  try {
    const memoryFile = path.join(dir, 'in-process.jsonl');
    // A second, identical baseline shows the run's own noise: it should come out at 0%, and seldom does exactly.
    const local = [await inProcess('baseline (no recorder)', null), await inProcess('recorder, discarding sink', discardingSink()), await inProcess('recorder, JSONL file sink', jsonlFileSink({ path: memoryFile, maxBytes: 1 << 30 })),
      await inProcess('baseline again (noise check)', null)];
    const inProcessSlowdown = await compare('In process (in-memory transport, no I/O: the worst case for the recorder)', local, CALLS, true);
    for (const contender of local) await contender.close();
    if (countLines(memoryFile) !== WARMUP + local[2]!.calls) throw new Error('the in-process file sink lost records');

    const stdioFile = path.join(dir, 'stdio.jsonl');
    const remote = [await overStdio('baseline (no recorder)'), await overStdio('recorder, JSONL file sink', stdioFile)];
    const serverCpu = remote.every((contender) => Number.isFinite(contender.cpuMs()));
    const stdioSlowdown = await compare(`Over stdio (server in a child process; CPU time: the server process's${serverCpu ? '' : ', not readable here'})`, remote, CALLS / 2, serverCpu);
    for (const contender of remote) await contender.close();
    if (countLines(stdioFile) !== WARMUP + remote[1]!.calls) throw new Error('the stdio server\'s file sink lost records');

    const httpFile = path.join(dir, 'http.jsonl');
    const overTheWire = [await overHttp('baseline (no recorder)'), await overHttp('recorder, JSONL file sink', httpFile)];
    const httpCpu = overTheWire.every((contender) => Number.isFinite(contender.cpuMs()));
    const httpSlowdown = await compare(`Over Streamable HTTP (server in a child process; CPU time: the server process's${httpCpu ? '' : ', not readable here'})`, overTheWire, CALLS / 2, httpCpu);
    for (const contender of overTheWire) await contender.close();
    if (countLines(httpFile) !== WARMUP + overTheWire[1]!.calls) throw new Error('the HTTP server\'s file sink lost records');
    const { wall, cpu } = inProcessSlowdown['recorder, JSONL file sink']!;
    const met = wall < 10 && cpu < 10;
    const noise = inProcessSlowdown['baseline again (noise check)']!;
    console.log(`\nTarget (< 10% slowdown for a trivial tool, in process with the JSONL file sink, median round): wall ${wall.toFixed(1)}%, CPU time ${cpu.toFixed(1)}% — ${met ? 'met' : 'NOT met'}`);
    console.log(`Noise check: the second baseline, the same setup as the first, came out at ${noise.wall.toFixed(1)}% wall, ${noise.cpu.toFixed(1)}% CPU time`);
    const stdio = stdioSlowdown['recorder, JSONL file sink']!;
    console.log(`Over stdio, median round: client wall ${stdio.wall.toFixed(1)}%${serverCpu ? `, server CPU time per call ${stdio.cpu.toFixed(1)}%` : ''}`);
    const overHttpFigures = httpSlowdown['recorder, JSONL file sink']!;
    console.log(`Over Streamable HTTP, median round: client wall ${overHttpFigures.wall.toFixed(1)}%${httpCpu ? `, server CPU time per call ${overHttpFigures.cpu.toFixed(1)}%` : ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values['serve-http']) {
  // Child mode: the echo server over Streamable HTTP, one SDK server per session, all recorded by one recorder.
  const recorder = values.record ? createRecorder({ sinks: [jsonlFileSink({ path: values.record, maxBytes: 1 << 30 })], environment: 'staging', callTimeoutMs: 0, server: { name: 'bench-mcp', version: '1.0.0' } }) : null;
  const host = await hostMcpOverHttp({ createServer: () => echoServer(null).server, wrapTransport: recorder ? (transport) => recorder.wrap(transport) : undefined });
  console.log(host.url);
  process.stdin.resume();
  process.stdin.on('end', () => void host.close().then(() => recorder?.close()).finally(() => process.exit(0)));
} else if (values['serve-stdio']) {
  // Child mode: the echo server on stdio, recorded to the JSONL file given with --record.
  const { server, recorder } = echoServer(values.record ? jsonlFileSink({ path: values.record, maxBytes: 1 << 30 }) : null);
  await server.connect(new StdioServerTransport());
  process.stdin.on('end', () => void (recorder?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
} else {
  await main();
}
