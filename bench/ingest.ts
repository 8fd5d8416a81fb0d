// npm run bench:ingest [-- --events 200000 --senders 2 --batch 1000 --warm-up 10000 --timeline latencies.json]
// Streams realistic records into the production server over HTTP and compares with a raw COPY of
// the same rows into a table with the same indexes, on the same database, in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoEvents } from '../lib/demo';
import { dropDatabase, ensureDatabase } from '../lib/db/ensureDatabase';
import { freePort } from '../lib/db/freePort';
import { copyBaseline, copyLines } from './support/copyBaseline';
import { startBenchServer } from './support/server';
import pg from 'pg';
import { logOrigin } from '../lib/ledger/ledgerIdentity';
import { databaseEntries } from '../lib/ledger/verify/databaseEntries';
import { verifyEntries } from '../lib/ledger/verify/verifyEntries';
import { createBenchToken } from './support/token';

const { values } = parseArgs({ options: { events: { type: 'string' }, senders: { type: 'string' }, batch: { type: 'string' }, timeline: { type: 'string' }, 'warm-up': { type: 'string' } } });
const EVENTS = Number(values.events ?? 200_000);
const SENDERS = Number(values.senders ?? 2);
const BATCH = Number(values.batch ?? 1000);
const WARM_UP_EVENTS = Number(values['warm-up'] ?? 10_000);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const home = mkdtempSync(path.join(tmpdir(), 'warden-bench-'));
const env: Record<string, string> = { WARDEN_HOME: home, DATABASE_URL: '' };
if (process.env.BENCH_DATABASE_SERVER_URL) {
  const name = `warden_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(process.env.BENCH_DATABASE_SERVER_URL, name);
  const url = new URL(process.env.BENCH_DATABASE_SERVER_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
}

console.log(`Generating ${EVENTS} records…`);
// Only the lines are kept, not the event objects: with 200k object graphs alive, this process's own
// garbage collections spent ~600 ms marking every ~4 s of the run, and the responses that arrived
// meanwhile waited, adding up to 400 ms to the latencies it measured (seen with --trace-gc).
const lines = generateDemoEvents({ count: EVENTS, environment: 'staging', seed: 42 }).map((event) => JSON.stringify(event));
const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
// Encoded once up front, so the senders spend no CPU that the server needs.
const toBatches = (source: string[]) => {
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < source.length; i += BATCH) out.push(new Uint8Array(Buffer.from(source.slice(i, i + BATCH).join('\n') + '\n')));
  return out;
};
const batches = toBatches(lines);
// Other sessions of the same kind, sent first: a server that has been up a while has compiled its
// hot paths and run its background jobs (detections, indexing, checkpoints) once; a fresh one
// would spend the first seconds of the measured run doing so.
const warmUpBatches = toBatches(generateDemoEvents({ count: WARM_UP_EVENTS, environment: 'staging', seed: 4242 }).map((event) => JSON.stringify(event)));

const server = await startBenchServer(await freePort(), env);
try {
  const token = createBenchToken(env);
  const databaseUrl = server.env.DATABASE_URL || (await import('node:fs')).readFileSync(path.join(home, 'pg-running-url'), 'utf8').trim();
  const completions: { at: number; latency: number; accepted: number }[] = [];
  let accepted = 0;
  let warmUpAccepted = 0;
  const send = async (queue: Uint8Array<ArrayBuffer>[], record: boolean) => {
    let next = 0;
    await Promise.all(Array.from({ length: SENDERS }, async () => {
      while (next < queue.length) {
        const body = queue[next++]!;
        for (;;) {
          const sent = performance.now();
          const response = await fetch(`${server.url}/api/v1/ingest`, {
            method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body,
          });
          const answer = (await response.json()) as { accepted?: number };
          if (response.status === 200) {
            if (record) completions.push({ at: performance.now(), latency: performance.now() - sent, accepted: answer.accepted ?? 0 });
            if (record) accepted += answer.accepted ?? 0;
            else warmUpAccepted += answer.accepted ?? 0;
            break;
          }
          if (response.status !== 503 && response.status !== 429) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer)}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }));
  };
  console.log(`Warming up with ${WARM_UP_EVENTS} other records, then 5 s quiet…`);
  await send(warmUpBatches, false);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  console.log(`Sending ${batches.length} batches of ${BATCH} (${(bytes / EVENTS).toFixed(0)} B/record avg) from ${SENDERS} senders…`);
  const started = performance.now();
  await send(batches, true);
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  const ingestRate = accepted / seconds;
  const latencies = completions.map((batch) => batch.latency).sort((a, b) => a - b);
  const peakRss = server.peakRssMb();
  // --timeline file: every batch's completion time and latency (ms since the first send), to see where the tail comes from.
  if (values.timeline) (await import('node:fs')).writeFileSync(values.timeline, JSON.stringify({ epoch: Date.now() - (performance.now() - started), batches: completions.map((batch) => [Math.round(batch.at - started), Math.round(batch.latency)]) }));

  console.log('Preparing the same rows for COPY…');
  const copyRate = await copyBaseline(databaseUrl, copyLines(lines));
  // Afterwards, the same walk `warden verify` does: every leaf from its row, gapless seq, the chain.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const check = await verifyEntries(databaseEntries(client, 'staging'), { checkpoints: [], verifiers: [], origin: logOrigin('staging'), expectedSize: WARM_UP_EVENTS + EVENTS });
  await client.end();

  console.log('\n== bench:ingest ==');
  console.log(`records              ${EVENTS} (${(bytes / 1e6).toFixed(1)} MB NDJSON), batches of ${BATCH}, ${SENDERS} senders`);
  console.log(`ingest over HTTP     ${ingestRate.toFixed(0)} events/s sustained, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s over ${seconds.toFixed(1)} s (after a warm-up of ${WARM_UP_EVENTS} other records and 5 s quiet)`);
  console.log(`request latency      p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (per ${BATCH}-event batch, ${latencies.length} batches)`);
  console.log(`server peak RSS      ${peakRss.toFixed(0)} MB`);
  console.log(`COPY baseline        ${copyRate.toFixed(0)} rows/s (same rows, same indexes, one stream)`);
  console.log(`ratio ingest/COPY    ${(ingestRate / copyRate).toFixed(2)}   (targets: ratio ≥ 0.6, p99 < 500 ms, RSS < 600 MB)`);
  console.log(`integrity            accepted ${warmUpAccepted} + ${accepted}, stored and re-verified ${check.entries} (gapless, leaves and chain: ${check.firstProblem ? `FAILED at ${check.firstProblem.seq}: ${check.firstProblem.problem}` : 'intact'})`);
  if (accepted !== EVENTS || warmUpAccepted !== WARM_UP_EVENTS || check.entries !== WARM_UP_EVENTS + EVENTS || check.firstProblem) process.exitCode = 1;
} finally {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
  if (process.env.BENCH_DATABASE_SERVER_URL) await dropDatabase(process.env.BENCH_DATABASE_SERVER_URL, new URL(env.DATABASE_URL!).pathname.slice(1));
}
