// npm run bench:search [-- --rows 1000000 --runs 30 --keep]
// Loads realistic executions with COPY into a fresh database (embedded, or BENCH_DATABASE_SERVER_URL),
// runs the search indexer the server runs, and times a fixed query set through lib/search, printing
// p50/p95 and the indexes each query's plan uses (from EXPLAIN under the plan the search picked).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { applyMigrations } from '../lib/db';
import { startEmbeddedPostgres } from '../lib/db/embeddedPostgres';
import { closePool } from '../lib/db/pool';
import { dropDatabase, ensureDatabase } from '../lib/db/ensureDatabase';
import { generateDemoEvents } from '../lib/demo';
import { copyLine } from '../lib/ingest/copyText';
import { STRING_FIELDS } from '../lib/ingest/executionRecord';
import { normaliseRecord } from '../lib/ingest/normaliseRecord';
import { canonicalBytes, chainHash, executionDocument, GENESIS_CHAIN_HASH, leafHash, sha256 } from '../lib/ledger';
import { getSessionTimeline, indexPendingExecutions, parseExecutionQuery, searchExecutions, type ExecutionQuery } from '../lib/search';
import { denseStatement, pageStatement, planMatches, probeStatement } from '../lib/search/findMatches';
import { runInMode, type Mode } from '../lib/search/plannerModes';

const { values } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean' } } });
const ROWS = Number(values.rows ?? 1_000_000);
const RUNS = Number(values.runs ?? 30);
const CHUNK = 50_000;
const SPAN_DAYS = 30;
const IDENTIFIER = 'sk_live_4fQ7xK2mZ9pLr8Vb';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const COLUMNS = ['environment', 'ingested_at', 'seq', 'id', 'timestamp', ...STRING_FIELDS, 'arguments', 'output', 'is_error', 'duration_ms', 'input_tokens',
  'output_tokens', 'side_effects', 'attributes', 'raw_sha256', 'leaf_hash', 'chain_hash'];
const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Demo traffic over the last SPAN_DAYS days in arrival order, hashed like ingest; a few carry IDENTIFIER. */
async function load(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let chain = GENESIS_CHAIN_HASH;
  let seq = 0;
  const chunks = Math.ceil(ROWS / CHUNK);
  const spanMs = (SPAN_DAYS * 86_400_000) / chunks;
  const plantAt = new Set(Array.from({ length: 5 }, (_, k) => Math.floor((ROWS * (2 * k + 1)) / 10)));
  for (let chunk = 0; chunk < chunks; chunk++) {
    const count = Math.min(CHUNK, ROWS - seq);
    const end = new Date(Date.now() - (chunks - 1 - chunk) * spanMs);
    const events = generateDemoEvents({ count, environment: 'staging', seed: chunk + 1, end, spanHours: spanMs / 3_600_000 });
    const lines = events.map((event, i) => {
      if (plantAt.has(seq + i)) event.output = { text: `rotated the payment key: ${IDENTIFIER}`, ok: true };
      const raw = Buffer.from(JSON.stringify(event));
      const normalised = normaliseRecord(JSON.parse(raw.toString()), 'staging');
      if (!normalised.ok) throw new Error(normalised.reason);
      const record = normalised.record;
      const rawSha256 = sha256(raw);
      const leaf = leafHash(canonicalBytes(executionDocument(record, rawSha256)));
      chain = chainHash(chain, leaf);
      const ingestedAt = new Date(Date.parse(record.timestamp) + 2_000);
      return copyLine(['staging', ingestedAt, seq + i, record.id, record.timestamp, ...STRING_FIELDS.map((field) => record[field]), json(record.arguments),
        json(record.output), record.is_error, record.duration_ms, record.input_tokens, record.output_tokens, json(record.side_effects), json(record.attributes),
        rawSha256, leaf, chain]);
    });
    const batches = Array.from({ length: Math.ceil(lines.length / 2000) }, (_, i) => lines.slice(i * 2000, i * 2000 + 2000).join(''));
    await pipeline(Readable.from(batches), client.query(copyFrom(`COPY executions (${COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)));
    seq += count;
    process.stderr.write(`\rloaded ${seq.toLocaleString('en-US')} rows`);
  }
  await client.query("UPDATE log_heads SET next_seq = $1, chain_hash = $2 WHERE environment = 'staging'", [seq, chain]);
  await client.end();
  process.stderr.write('\n');
  return seq;
}

/** Index names and scan kinds in an EXPLAIN (FORMAT JSON) plan. */
function scans(node: Record<string, unknown>, found: Set<string> = new Set()): Set<string> {
  const type = node['Node Type'] as string;
  const target = node['Index Name'] ?? node['Relation Name'];
  if (type.includes('Scan') && target) found.add(`${type} on ${target}`);
  for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) scans(child, found);
  return found;
}

interface Case { name: string; params: Record<string, string>; run?: () => Promise<unknown> }

async function main() {
  const home = mkdtempSync(path.join(tmpdir(), 'warden-bench-search-'));
  const serverUrl = process.env.BENCH_DATABASE_SERVER_URL;
  const name = `warden_bench_${randomBytes(4).toString('hex')}`;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let databaseUrl: string;
  if (serverUrl) {
    await ensureDatabase(serverUrl, name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  } else {
    const embedded = await startEmbeddedPostgres(path.join(home, 'pg'), randomBytes(12).toString('hex'));
    databaseUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  try {
    await applyMigrations(databaseUrl);
    process.env.DATABASE_URL = databaseUrl;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;

    let started = performance.now();
    const rows = await load(databaseUrl);
    const loadSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    for (;;) {
      const report = await indexPendingExecutions();
      if (report.batches === 0) break;
      process.stderr.write(`\rindexed ${report.indexed.toLocaleString('en-US')} rows`);
    }
    const indexSeconds = (performance.now() - started) / 1000;
    process.stderr.write('\n');
    await client.query('VACUUM ANALYZE execution_search');
    const sizes = (await client.query<{ table: string; indexes: string }>(
      `SELECT pg_size_pretty(pg_table_size('execution_search')) AS table, pg_size_pretty(pg_indexes_size('execution_search')) AS indexes`)).rows[0]!;

    // Filter values and a session taken from the data, so the query set means the same at any --rows.
    const sample = (await client.query<{ server_name: string; user_id: string }>(
      `SELECT server_name, user_id FROM execution_search WHERE seq = $1`, [Math.floor(rows / 2)])).rows[0]!;
    const session = (await client.query<{ session_id: string }>(
      `SELECT session_id FROM execution_search WHERE seq > $1 AND session_id IS NOT NULL GROUP BY session_id ORDER BY count(*) DESC LIMIT 1`,
      [Math.floor(rows * 0.8)])).rows[0]!.session_id;
    await client.end();

    const query = (params: Record<string, string>): ExecutionQuery => {
      const parsed = parseExecutionQuery(params);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.query;
    };
    // Cursor of page 49 of a common term, so the timed call is page 50.
    let cursor: string | null = null;
    for (let page = 1; page < 50; page++) cursor = (await searchExecutions('staging', query(cursor ? { q: 'github', cursor } : { q: 'github' }), { withTotal: false })).nextCursor;

    const cases: Case[] = [
      { name: 'default view (no filter)', params: {} },
      { name: 'rare term', params: { q: 'paste-drop' } },
      { name: 'common term', params: { q: 'github' } },
      { name: 'identifier substring', params: { q: 'sk_live_4f' } },
      { name: 'non-English term (ja)', params: { q: 'レイテンシ' } },
      { name: 'non-English term (de)', params: { q: 'Rechnungsbeträgen' } },
      { name: 'filters only', params: { server: sample.server_name, user: sample.user_id, status: 'ok', range: '30d' } },
      { name: 'filters + text', params: { server: sample.server_name, q: 'main' } },
      { name: 'page 50 via keyset', params: { q: 'github', cursor: cursor! } },
      { name: 'session timeline', params: { session, sort: 'time', order: 'asc', limit: '500' }, run: () => getSessionTimeline('staging', session) },
    ];

    const results: string[] = [];
    for (const item of cases) {
      const parsed = query(item.params);
      const run = item.run ?? (() => searchExecutions('staging', parsed));
      const first = await searchExecutions('staging', parsed);
      await run();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const plan = await planMatches({ environment: 'staging', filters: parsed, now: new Date() }, { sort: parsed.sort, order: parsed.order });
      const explain = async (statement: { mode: Mode; text: string; values: unknown[] }) => {
        const [row] = await runInMode<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(statement.mode, `EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
        return [...scans(row!['QUERY PLAN'][0].Plan)].join(' + ');
      };
      const page = plan.known.indexed ? 'rows by primary key from the probe' : await explain(pageStatement(plan, 'indexed', parsed.cursor, parsed.limit + 1));
      const look = plan.dense ? `dense check: ${await explain(denseStatement(plan, parsed.limit))}` : `probe: ${await explain(probeStatement(plan, 'indexed'))}`;
      const used = `${look}; page: ${page}`;
      const total = `${first.totalExact ? '' : '~'}${first.estimatedTotal}`;
      results.push(`${item.name.padEnd(26)} ${percentile(times, 50).toFixed(1).padStart(7)} ${percentile(times, 95).toFixed(1).padStart(7)}  ${total.padStart(9)}  ${plan.mode.padEnd(7)} ${used}`);
      if (/Seq Scan on execution_search\b/.test(page)) process.exitCode = 1;
    }

    console.log('\n== bench:search ==');
    console.log(`PostgreSQL ${version}; ${rows.toLocaleString('en-US')} executions over ${SPAN_DAYS} days (demo traffic, ${ROWS > 0 ? 'staging' : ''})`);
    console.log(`COPY load ${loadSeconds.toFixed(0)} s; indexer ${indexSeconds.toFixed(0)} s (${Math.round(rows / indexSeconds)} rows/s, batches of 5000)`);
    console.log(`execution_search: table ${sizes.table}, indexes ${sizes.indexes}`);
    console.log(`${RUNS} timed runs per query after one warm-up, through searchExecutions (probe, page and total); times in ms`);
    console.log(`${'query'.padEnd(26)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}  ${'total'.padStart(9)}  ${'plan'.padEnd(7)} index use (EXPLAIN of the indexed source's probe and page)`);
    for (const line of results) console.log(line);
  } finally {
    await closePool();
    if (values.keep && serverUrl) console.log(`kept database ${name}`);
    else if (serverUrl) await dropDatabase(serverUrl, name);
    await stopEmbedded?.();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
