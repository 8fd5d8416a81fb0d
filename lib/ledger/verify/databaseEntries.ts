import type pg from 'pg';
import type { Environment } from '../../environment';
import { canonicalBytes } from '../hashes';
import { documentFromQuarantineRow } from '../rowDocuments';
import { BinaryCopyParser, type CopyRow } from './binaryCopy';
import { CopyOutQuery } from './copyOutQuery';
import { EXECUTION_COPY_COLUMNS, executionCopySql, executionEntry } from './executionCopy';
import type { VerifiableEntry } from './verifyEntries';

// Seqs per COPY statement: large enough that statement start-up is noise, small enough that the
// planner keeps walking the primary key in order (no sort), that quarantined rows per page stay
// few, and that stopping early (at the first problem) leaves little to read past.
export const PAGE = 20_000;
// Entries waiting for the consumer before the socket stops being read: bounds memory, and still
// lets PostgreSQL produce the next rows while these are verified.
const HIGH_WATER = 4_096;

export type QuarantineRow = { seq: string; environment: string; line: number; reason: string; raw_sha256: Buffer; leaf_hash: Buffer; chain_hash: Buffer };

export function quarantineEntry(row: QuarantineRow): VerifiableEntry {
  return { seq: Number(row.seq), data: canonicalBytes(documentFromQuarantineRow(row)), leafHash: row.leaf_hash, chainHash: row.chain_hash };
}

/**
 * One page of a log: its executions as COPY streams them (in seq order), merged with its
 * quarantined lines (on a tie the execution comes first), handed out in batches as they arrive.
 */
class PageReader {
  #queue: VerifiableEntry[] = [];
  #wake: (() => void) | null = null;
  #finished = false;
  #stopped = false;
  #next = 0;
  readonly #parser = new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length);
  readonly #copy: CopyOutQuery;

  constructor(client: pg.ClientBase, environment: Environment, from: number, to: number, private readonly quarantined: QuarantineRow[]) {
    const take = (row: CopyRow) => this.#add(executionEntry(row, environment));
    this.#copy = new CopyOutQuery(executionCopySql(environment, from, to), (payload) => {
      if (this.#stopped) return;
      this.#parser.push(payload, take);
      if (this.#queue.length >= HIGH_WATER) this.#copy.pause();
      this.#wake?.();
    });
    const finish = () => {
      this.#finished = true;
      this.#wake?.();
    };
    this.#copy.done.then(finish, finish);
    client.query(this.#copy);
  }

  #add(entry: VerifiableEntry): void {
    while (this.#next < this.quarantined.length && Number(this.quarantined[this.#next]!.seq) < entry.seq) this.#queue.push(quarantineEntry(this.quarantined[this.#next++]!));
    this.#queue.push(entry);
  }

  /** The entries that arrived since the last call; null after the last. Throws what the COPY threw. */
  async next(): Promise<VerifiableEntry[] | null> {
    while (this.#queue.length === 0 && !this.#finished) {
      this.#copy.resume();
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = null;
    }
    if (this.#queue.length === 0) {
      await this.#copy.done;
      this.#parser.end();
      const rest = this.quarantined.slice(this.#next).map(quarantineEntry);
      this.#next = this.quarantined.length;
      return rest.length > 0 ? rest : null;
    }
    const batch = this.#queue;
    this.#queue = [];
    this.#copy.resume();
    return batch;
  }

  /** Reads the rest of the COPY without parsing it, so the connection can be reused after an early stop. */
  async close(): Promise<void> {
    this.#stopped = true;
    this.#copy.resume();
    await this.#copy.done.catch(() => {});
  }
}

/** The quarantined lines of seqs [from, to), in seq order. */
export async function quarantinedLines(client: pg.ClientBase, environment: Environment, from: number, to: number): Promise<QuarantineRow[]> {
  return (await client.query<QuarantineRow>(
    `SELECT seq, environment, line, reason, raw_sha256, leaf_hash, chain_hash FROM quarantined_lines
     WHERE environment = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`, [environment, from, to])).rows;
}

/** The last seq stored in a log (executions or quarantined lines); -1 when it is empty. */
export async function lastStoredSeq(client: pg.ClientBase, environment: Environment): Promise<number> {
  const { rows } = await client.query<{ last: string | null }>(
    `SELECT max(seq)::text AS last FROM (SELECT max(seq) AS seq FROM executions WHERE environment = $1
       UNION ALL SELECT max(seq) FROM quarantined_lines WHERE environment = $1) AS both_tables`, [environment]);
  return rows[0]?.last === null || rows[0]?.last === undefined ? -1 : Number(rows[0].last);
}

/**
 * The stored entries of seqs [from, to) in seq order, rebuilt from the rows (never from stored
 * hashes), in batches as they arrive — a promise per batch, not per entry. Executions stream
 * through binary COPY: PostgreSQL produces the next rows while these are hashed, and
 * backpressure keeps memory flat.
 */
export async function* entryBatches(client: pg.ClientBase, environment: Environment, from: number, to: number): AsyncGenerator<VerifiableEntry[]> {
  const quarantined = await quarantinedLines(client, environment, from, to);
  const page = new PageReader(client, environment, from, to, quarantined);
  try {
    for (let batch = await page.next(); batch; batch = await page.next()) yield batch;
  } finally {
    await page.close();
  }
}

/** Every stored entry of a log in seq order, page by page (see entryBatches). */
export async function* databaseEntries(client: pg.ClientBase, environment: Environment): AsyncGenerator<VerifiableEntry> {
  const last = await lastStoredSeq(client, environment);
  for (let from = 0; from <= last; from += PAGE) {
    // Up to the last entry stored when this began (see verifyDatabaseLog): later ones may be half visible to two statements.
    for await (const batch of entryBatches(client, environment, from, Math.min(from + PAGE, last + 1))) {
      for (const entry of batch) yield entry;
    }
  }
}
