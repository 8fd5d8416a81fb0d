import type pg from 'pg';
import type { Environment } from '../../environment';
import { canonicalBytes } from '../hashes';
import { documentFromExecutionRow, documentFromQuarantineRow, type ExecutionRow } from '../rowDocuments';
import type { VerifiableEntry } from './verifyEntries';

const PAGE = 5_000;

type Row = { seq: string; leaf_hash: Buffer; chain_hash: Buffer };

/**
 * Every stored entry of a log in seq order, rebuilt from the rows (never from stored hashes), one
 * page of seq numbers at a time so memory stays flat however long the log is.
 */
export async function* databaseEntries(client: pg.ClientBase, environment: Environment): AsyncGenerator<VerifiableEntry> {
  const { rows } = await client.query<{ last: string | null }>(
    `SELECT max(seq)::text AS last FROM (SELECT max(seq) AS seq FROM executions WHERE environment = $1
       UNION ALL SELECT max(seq) FROM quarantined_lines WHERE environment = $1) AS both_tables`, [environment]);
  const last = rows[0]?.last === null || rows[0]?.last === undefined ? -1 : Number(rows[0].last);
  for (let from = 0; from <= last; from += PAGE) {
    const [executions, quarantined] = await Promise.all([
      client.query<ExecutionRow & Row>('SELECT * FROM executions WHERE environment = $1 AND seq >= $2 AND seq < $3', [environment, from, from + PAGE]),
      client.query<Row & { environment: string; line: number; reason: string; raw_sha256: Buffer }>(
        'SELECT * FROM quarantined_lines WHERE environment = $1 AND seq >= $2 AND seq < $3', [environment, from, from + PAGE]),
    ]);
    const page: VerifiableEntry[] = [
      ...executions.rows.map((row) => ({ seq: Number(row.seq), data: canonicalBytes(documentFromExecutionRow(row)), leafHash: row.leaf_hash, chainHash: row.chain_hash })),
      ...quarantined.rows.map((row) => ({ seq: Number(row.seq), data: canonicalBytes(documentFromQuarantineRow(row)), leafHash: row.leaf_hash, chainHash: row.chain_hash })),
    ].sort((a, b) => a.seq - b.seq);
    yield* page;
  }
}
