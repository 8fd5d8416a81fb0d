import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool } from '../../lib/db';
import { handleIngest } from '../../lib/ingest';
import { canonicalBytes, chainHash, documentFromExecutionRow, documentFromQuarantineRow, GENESIS_CHAIN_HASH, leafHash, type ExecutionRow } from '../../lib/ledger';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

let server: Awaited<ReturnType<typeof serveHandler>>;
let staging: string;
let production: string;

beforeAll(async () => {
  await freshDatabase();
  staging = await ingestToken('staging');
  production = await ingestToken('production');
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  const batches = [0, 1, 2].map((batch) => ndjson(Array.from({ length: 50 }, (_, i) => sampleEvent(batch * 50 + i))) + 'broken line\n');
  for (const batch of batches) expect((await post(server.url, staging, batch)).status).toBe(200);
  expect((await post(server.url, production, ndjson([sampleEvent(1, { environment: 'production' })]))).body).toMatchObject({ first_seq: 0 });
});
afterAll(() => server.close());

describe('the append-only log', () => {
  it('numbers every stored record gaplessly per environment, executions and quarantined lines alike', async () => {
    const seqs = await sql<{ seq: string }>(`SELECT seq FROM executions WHERE environment = 'staging' UNION ALL
      SELECT seq FROM quarantined_lines WHERE environment = 'staging' ORDER BY seq`);
    expect(seqs.map((row) => Number(row.seq))).toEqual(Array.from({ length: 151 }, (_, i) => i));
    const [head] = await sql<{ next_seq: string }>("SELECT next_seq FROM log_heads WHERE environment = 'staging'");
    expect(Number(head!.next_seq)).toBe(151);
  });

  it('re-derives every leaf hash from the stored row and the chain from 32 zero bytes', async () => {
    const executions = await sql<ExecutionRow & { seq: string; leaf_hash: Buffer; chain_hash: Buffer }>(`SELECT * FROM executions WHERE environment = 'staging'`);
    const quarantined = await sql<{ seq: string; environment: string; line: number; reason: string; raw_sha256: Buffer; leaf_hash: Buffer; chain_hash: Buffer }>(
      `SELECT * FROM quarantined_lines WHERE environment = 'staging'`);
    const entries = [
      ...executions.map((row) => ({ seq: Number(row.seq), document: documentFromExecutionRow(row), leaf: row.leaf_hash, chain: row.chain_hash })),
      ...quarantined.map((row) => ({ seq: Number(row.seq), document: documentFromQuarantineRow(row), leaf: row.leaf_hash, chain: row.chain_hash })),
    ].sort((a, b) => a.seq - b.seq);
    let chain: Buffer = GENESIS_CHAIN_HASH;
    for (const entry of entries) {
      const leaf = leafHash(canonicalBytes(entry.document));
      expect(leaf.equals(entry.leaf), `leaf ${entry.seq}`).toBe(true);
      chain = chainHash(chain, leaf);
      expect(chain.equals(entry.chain), `chain ${entry.seq}`).toBe(true);
    }
    const [head] = await sql<{ chain_hash: Buffer }>("SELECT chain_hash FROM log_heads WHERE environment = 'staging'");
    expect(head!.chain_hash.equals(chain)).toBe(true);
  });

  it('rejects UPDATE, DELETE and TRUNCATE on every audit table and partition, for any database user', async () => {
    const [partition] = await sql<{ name: string }>('SELECT tableoid::regclass::text AS name FROM executions LIMIT 1');
    const statements = [
      "UPDATE executions SET output = '\"tampered\"' WHERE seq = 3",
      'DELETE FROM executions WHERE seq = 3',
      'TRUNCATE executions',
      `UPDATE ${partition!.name} SET tool_name = 'x'`,
      `DELETE FROM ${partition!.name}`,
      `TRUNCATE ${partition!.name}`,
      'TRUNCATE executions_default',
      "UPDATE quarantined_lines SET reason = 'fine'",
      'DELETE FROM quarantined_lines',
      'TRUNCATE quarantined_lines',
      'DELETE FROM ingest_keys',
      'TRUNCATE ingest_keys',
    ];
    for (const statement of statements) {
      await expect(sql(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(Number((await sql<{ n: string }>('SELECT count(*) AS n FROM executions'))[0]!.n)).toBe(151);
  });

  it('keeps executions in monthly partitions made ahead of time, plus a default safety net', async () => {
    const partitions = (await sql<{ name: string }>(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'executions'::regclass ORDER BY 1`)).map((row) => row.name);
    const month = (offset: number) => {
      const date = new Date();
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + offset);
      return `executions_y${date.getUTCFullYear()}m${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    expect(partitions).toEqual(expect.arrayContaining(['executions_default', month(-1), month(0), month(1), month(2), month(3)]));
    const [where] = await sql<{ partition: string }>("SELECT tableoid::regclass::text AS partition FROM executions LIMIT 1");
    expect(where!.partition).toBe(month(0));
    expect((await sql<{ created: number }>('SELECT warden_ensure_execution_partitions(4) AS created'))[0]!.created).toBe(1);
  });
});

describe('back-pressure', () => {
  it('answers 503 with Retry-After and stores nothing while the log head is locked too long', async () => {
    process.env.WARDEN_INGEST_LOCK_TIMEOUT_MS = '300';
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("BEGIN; SELECT * FROM log_heads WHERE environment = 'staging' FOR UPDATE");
      const response = await post(server.url, staging, ndjson([sampleEvent(424242)]));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.body.error).toMatch(/nothing was stored, retry later/);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      delete process.env.WARDEN_INGEST_LOCK_TIMEOUT_MS;
    }
    expect(await sql("SELECT 1 FROM executions WHERE id = 'evt-424242'")).toEqual([]);
    expect((await post(server.url, staging, ndjson([sampleEvent(424242)]))).body).toMatchObject({ accepted: 1 });
  });

  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const realUrl = process.env.DATABASE_URL!;
    await closePool();
    const unreachable = new URL(realUrl);
    unreachable.port = '1';
    process.env.DATABASE_URL = unreachable.toString();
    try {
      const { storeInOneTransaction } = await import('../../lib/ingest/handleIngest');
      const outcome = await storeInOneTransaction({ id: '00000000-0000-0000-0000-000000000000', name: 't', prefix: 'p', environment: 'staging', scopes: [] }, { items: [], copyData: Buffer.alloc(0) })
        .then(() => null, (error: unknown) => error);
      const { asBackPressure } = await import('../../lib/ingest/databaseFaults');
      const mapped = asBackPressure(outcome);
      expect(mapped?.status).toBe(503);
      expect(mapped?.retryAfterSeconds).toBe(2);
    } finally {
      await closePool();
      process.env.DATABASE_URL = realUrl;
    }
  });
});
