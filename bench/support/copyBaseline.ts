import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine } from '../../lib/ingest/copyText';
import { STRING_FIELDS } from '../../lib/ingest/executionRecord';
import { normaliseRecord } from '../../lib/ingest/normaliseRecord';
import { canonicalBytes, chainHash, executionDocument, GENESIS_CHAIN_HASH, leafHash, sha256 } from '../../lib/ledger';

const COLUMNS = ['environment', 'seq', 'id', 'ingested_at', 'timestamp', ...STRING_FIELDS, 'arguments', 'output', 'is_error', 'duration_ms',
  'input_tokens', 'output_tokens', 'side_effects', 'attributes', 'raw_sha256', 'leaf_hash', 'chain_hash'];


/** The same rows ingest would store, as COPY text lines (prepared before timing starts). */
export function copyLines(lines: string[]): string[] {
  let chain = GENESIS_CHAIN_HASH;
  const now = new Date().toISOString();
  return lines.map((line, seq) => {
    const normalised = normaliseRecord(JSON.parse(line), 'staging');
    if (!normalised.ok) throw new Error(normalised.reason);
    const record = normalised.record;
    const raw = sha256(Buffer.from(line));
    const leaf = leafHash(canonicalBytes(executionDocument(record, raw)));
    chain = chainHash(chain, leaf);
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const values = ['staging', seq, record.id, now, record.timestamp, ...STRING_FIELDS.map((field) => record[field]),
      json(record.arguments), json(record.output), record.is_error, record.duration_ms, record.input_tokens, record.output_tokens,
      json(record.side_effects), json(record.attributes), raw, leaf, chain];
    return copyLine(values);
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
    await pipeline(Readable.from(rows), client.query(copyFrom(`COPY bench_copy (${COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)));
    const seconds = (performance.now() - started) / 1000;
    await client.query('DROP TABLE bench_copy');
    return rows.length / seconds;
  } finally {
    await client.end();
  }
}
