import { pool } from '../db/pool';
import type { LedgerLog } from '../environment';
import { consoleActionData, readConsoleActions } from './consoleEntries';
import { canonicalBytes } from './hashes';
import { consistencyPath, inclusionPath } from './merkle';
import { leafTilesFor, readLeafTiles, readTiles, tiledRangeHasher, TILE_SIZE } from './merkleTiles';
import { documentFromExecutionRow, documentFromQuarantineRow, type ExecutionRow } from './rowDocuments';

export class ProofRequestError extends Error {}

async function logSize(environment: LedgerLog): Promise<number> {
  const { rows } = await pool().query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment]);
  return Number(rows[0]?.next_seq ?? 0);
}

/**
 * The tree of the log's first `size` entries as proofs read it: n/256 tile hashes and the leaves of
 * the few tiles the proof descends into (merkleTiles.ts), never every leaf.
 */
async function tiledTree(environment: LedgerLog, size: number, needs: { leaf?: number; boundary?: number }) {
  const client = await pool().connect();
  try {
    const tiles = await readTiles(client, environment, Math.floor(size / TILE_SIZE));
    const leaves = await readLeafTiles(client, environment, size, leafTilesFor(size, needs));
    return { subtree: tiledRangeHasher(tiles, leaves), leaf: (seq: number) => leaves.get(Math.floor(seq / TILE_SIZE))![seq % TILE_SIZE]! };
  } finally {
    client.release();
  }
}

export async function inclusionProofFor(environment: LedgerLog, seq: number, size: number) {
  const current = await logSize(environment);
  if (!(Number.isSafeInteger(seq) && Number.isSafeInteger(size) && seq >= 0 && seq < size && size <= current)) {
    throw new ProofRequestError(`need 0 ≤ seq < size ≤ ${current} (the log's size)`);
  }
  const tree = await tiledTree(environment, size, { leaf: seq });
  return { seq, size, leaf_hash: tree.leaf(seq).toString('base64'), root_hash: tree.subtree(0, size).toString('base64'),
    proof: inclusionPath(tree.subtree, seq, size).map((hash) => hash.toString('base64')) };
}

export async function consistencyProofFor(environment: LedgerLog, from: number, to: number) {
  const current = await logSize(environment);
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to && to <= current)) {
    throw new ProofRequestError(`need 1 ≤ from ≤ to ≤ ${current} (the log's size)`);
  }
  const tree = await tiledTree(environment, to, { boundary: from });
  return { from, to, root_from: tree.subtree(0, from).toString('base64'), root_to: tree.subtree(0, to).toString('base64'),
    proof: consistencyPath(tree.subtree, from, to).map((hash) => hash.toString('base64')) };
}

export const MAX_ENTRIES_PER_REQUEST = 1000;
/** An answer stops growing past this many bytes (at least one entry): 1000 entries near ingest's 1 MiB line limit made a string too long for V8. */
export const MAX_ENTRIES_BYTES = 16 * 1024 * 1024;
/** Rows read at a time, so a range of large records never sits in memory whole. */
const ENTRIES_PAGE = 50;

export interface LedgerEntry { seq: number; leaf_hash: string; data: string }

/**
 * Entries [start, end) with the exact canonical JSON each leaf hashes, so monitors can mirror the log. Like
 * Certificate Transparency's get-entries, it may answer fewer than asked (never none): past `maxBytes` of JSON
 * lines it stops, and the monitor asks again from the next seq.
 */
export async function readEntries(environment: LedgerLog, start: number, end: number, maxBytes = MAX_ENTRIES_BYTES): Promise<LedgerEntry[]> {
  return (await readEntryLines(environment, start, end, maxBytes)).map(({ entry }) => entry);
}

/** readEntries with each entry's JSON line as the entries endpoint sends it (serialised once, for the budget too). */
export async function readEntryLines(environment: LedgerLog, start: number, end: number, maxBytes = MAX_ENTRIES_BYTES): Promise<Array<{ entry: LedgerEntry; line: string }>> {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start && end - start <= MAX_ENTRIES_PER_REQUEST)) {
    throw new ProofRequestError(`need 0 ≤ start < end and at most ${MAX_ENTRIES_PER_REQUEST} entries per request`);
  }
  const lines: Array<{ entry: LedgerEntry; line: string }> = [];
  let bytes = 0;
  for (let from = start; from < end; from += ENTRIES_PAGE) {
    for (const entry of await readEntryPage(environment, from, Math.min(end, from + ENTRIES_PAGE))) {
      const line = JSON.stringify(entry);
      bytes += Buffer.byteLength(line) + 1;
      if (bytes > maxBytes && lines.length > 0) return lines;
      lines.push({ entry, line });
    }
  }
  return lines;
}

async function readEntryPage(environment: LedgerLog, start: number, end: number): Promise<LedgerEntry[]> {
  if (environment === 'console') {
    return (await readConsoleActions(pool(), start, end)).map((row) => ({ seq: Number(row.seq), leaf_hash: row.leaf_hash.toString('base64'), data: consoleActionData(row).toString('utf8') }));
  }
  const [executions, quarantined] = await Promise.all([
    pool().query<ExecutionRow & { seq: string; leaf_hash: Buffer }>('SELECT * FROM executions WHERE environment = $1 AND seq >= $2 AND seq < $3', [environment, start, end]),
    pool().query<{ seq: string; environment: string; line: number; reason: string; raw_sha256: Buffer; leaf_hash: Buffer }>(
      'SELECT * FROM quarantined_lines WHERE environment = $1 AND seq >= $2 AND seq < $3', [environment, start, end]),
  ]);
  return [
    ...executions.rows.map((row) => ({ seq: Number(row.seq), leaf_hash: row.leaf_hash.toString('base64'), data: canonicalBytes(documentFromExecutionRow(row)).toString('utf8') })),
    ...quarantined.rows.map((row) => ({ seq: Number(row.seq), leaf_hash: row.leaf_hash.toString('base64'), data: canonicalBytes(documentFromQuarantineRow(row)).toString('utf8') })),
  ].sort((a, b) => a.seq - b.seq);
}

export async function listLedgerKeys() {
  const { rows } = await pool().query<{ verifier_key: string; valid_from: Date; valid_until: Date | null }>(
    'SELECT verifier_key, valid_from, valid_until FROM ledger_keys ORDER BY valid_from');
  return rows.map((row) => ({ verifier_key: row.verifier_key, valid_from: row.valid_from.toISOString(), valid_until: row.valid_until?.toISOString() ?? null }));
}
