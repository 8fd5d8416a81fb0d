import { pool } from '../db/pool';
import type { Environment } from '../environment';
import { canonicalBytes } from './hashes';
import { consistencyProof, inclusionProof, treeHash } from './merkle';
import { readLeafHashes } from './merkleState';
import { documentFromExecutionRow, documentFromQuarantineRow, type ExecutionRow } from './rowDocuments';

export class ProofRequestError extends Error {}

async function logSize(environment: Environment): Promise<number> {
  const { rows } = await pool().query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment]);
  return Number(rows[0]?.next_seq ?? 0);
}

// Proofs read the leaf hashes 0..size-1 (32 bytes each) and hash them: O(n) per proof for now.
async function leaves(environment: Environment, size: number): Promise<Buffer[]> {
  const client = await pool().connect();
  try {
    return await readLeafHashes(client, environment, 0, size);
  } finally {
    client.release();
  }
}

export async function inclusionProofFor(environment: Environment, seq: number, size: number) {
  const current = await logSize(environment);
  if (!(Number.isSafeInteger(seq) && Number.isSafeInteger(size) && seq >= 0 && seq < size && size <= current)) {
    throw new ProofRequestError(`need 0 ≤ seq < size ≤ ${current} (the log's size)`);
  }
  const hashes = await leaves(environment, size);
  return { seq, size, leaf_hash: hashes[seq]!.toString('base64'), root_hash: treeHash(hashes).toString('base64'),
    proof: inclusionProof(hashes, seq, size).map((hash) => hash.toString('base64')) };
}

export async function consistencyProofFor(environment: Environment, from: number, to: number) {
  const current = await logSize(environment);
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to && to <= current)) {
    throw new ProofRequestError(`need 1 ≤ from ≤ to ≤ ${current} (the log's size)`);
  }
  const hashes = await leaves(environment, to);
  return { from, to, root_from: treeHash(hashes, 0, from).toString('base64'), root_to: treeHash(hashes).toString('base64'),
    proof: consistencyProof(hashes, from, to).map((hash) => hash.toString('base64')) };
}

export const MAX_ENTRIES_PER_REQUEST = 1000;

/** Entries [start, end) with the exact canonical JSON each leaf hashes, so monitors can mirror the log. */
export async function readEntries(environment: Environment, start: number, end: number) {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start && end - start <= MAX_ENTRIES_PER_REQUEST)) {
    throw new ProofRequestError(`need 0 ≤ start < end and at most ${MAX_ENTRIES_PER_REQUEST} entries per request`);
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
