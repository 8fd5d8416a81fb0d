import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { encodeExecution } from '../../lib/ingest/encodeExecution';
import { EXECUTION_COLUMNS, executionLine } from '../../lib/ingest/storeBatch';
import { normaliseRecord } from '../../lib/ingest/normaliseRecord';
import { chainHash, GENESIS_CHAIN_HASH, sha256 } from '../../lib/ledger';

/** The same rows ingest would store, as the same COPY text lines (prepared before timing starts). */
export function copyLines(lines: string[]): string[] {
  let chain = GENESIS_CHAIN_HASH;
  const now = new Date();
  return lines.map((line, seq) => {
    const normalised = normaliseRecord(JSON.parse(line), 'staging');
    if (!normalised.ok) throw new Error(normalised.reason);
    const { leaf, copyColumns } = encodeExecution(normalised.record, sha256(Buffer.from(line)));
    chain = chainHash(chain, leaf);
    return executionLine('staging', now, null, seq, copyColumns, chain);
  });
}

/**
 * COPYs prepared rows into a plain table shaped and indexed like `executions`: the physical
 * insert limit of this machine, to compare ingest against. Returns rows per second.
 */
export async function copyBaseline(databaseUrl: string, rows: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE executions INCLUDING DEFAULTS INCLUDING INDEXES)');
    const started = performance.now();
    const chunks = Array.from({ length: Math.ceil(rows.length / 1000) }, (_, i) => rows.slice(i * 1000, i * 1000 + 1000).join(''));
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY bench_copy (${EXECUTION_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)));
    const seconds = (performance.now() - started) / 1000;
    await client.query('DROP TABLE bench_copy');
    return rows.length / seconds;
  } finally {
    await client.end();
  }
}
