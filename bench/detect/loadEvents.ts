import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine } from '../../lib/ingest/copyText';
import { STRING_FIELDS } from '../../lib/ingest/executionRecord';
import { normaliseRecord } from '../../lib/ingest/normaliseRecord';
import { canonicalBytes, chainHash, executionDocument, GENESIS_CHAIN_HASH, leafHash, sha256 } from '../../lib/ledger';

const COLUMNS = ['environment', 'ingested_at', 'seq', 'id', 'timestamp', ...STRING_FIELDS, 'arguments', 'output', 'is_error', 'duration_ms', 'input_tokens',
  'output_tokens', 'side_effects', 'attributes', 'raw_sha256', 'leaf_hash', 'chain_hash'];
const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends events to the staging log with COPY, hashed and chained exactly as ingest does (the detectors read `executions`). */
export async function loadEvents(databaseUrl: string, events: Array<Record<string, unknown>>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let chain = GENESIS_CHAIN_HASH;
    const ingestedAt = new Date();
    const lines = events.map((event, seq) => {
      const raw = Buffer.from(JSON.stringify(event));
      const normalised = normaliseRecord(JSON.parse(raw.toString()), 'staging');
      if (!normalised.ok) throw new Error(normalised.reason);
      const record = normalised.record;
      const rawSha256 = sha256(raw);
      const leaf = leafHash(canonicalBytes(executionDocument(record, rawSha256)));
      chain = chainHash(chain, leaf);
      return copyLine(['staging', ingestedAt, seq, record.id, record.timestamp, ...STRING_FIELDS.map((field) => record[field]), json(record.arguments),
        json(record.output), record.is_error, record.duration_ms, record.input_tokens, record.output_tokens, json(record.side_effects), json(record.attributes),
        rawSha256, leaf, chain]);
    });
    const batches = Array.from({ length: Math.ceil(lines.length / 2000) }, (_, i) => lines.slice(i * 2000, i * 2000 + 2000).join(''));
    await pipeline(Readable.from(batches), client.query(copyFrom(`COPY executions (${COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)));
    await client.query("UPDATE log_heads SET next_seq = $1, chain_hash = $2 WHERE environment = 'staging'", [events.length, chain]);
  } finally {
    await client.end();
  }
}
