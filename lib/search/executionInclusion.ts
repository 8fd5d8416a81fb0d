import { pool } from '../db/pool';
import type { Environment } from '../environment';
import { findCheckpoint, inclusionProofFor, listLedgerKeys, logOrigin } from '../ledger';
import { canonicalBytes, leafHash } from '../ledger/hashes';
import { verifyInclusion } from '../ledger/merkle';
import { documentFromExecutionRow, type ExecutionRow } from '../ledger/rowDocuments';
import { openNote, parseCheckpoint } from '../ledger/signedNote';

/** Where one execution stands in its environment's ledger, as the detail page shows it. */
export type ExecutionInclusion =
  | { status: 'included'; checkpointSize: number; checkpointAt: Date; rootHash: string; proofLength: number; signedBy: string[] }
  | { status: 'pending'; checkpointSize: number | null }
  | { status: 'failed'; checkpointSize: number | null; reason: string };

type StoredRow = ExecutionRow & { leaf_hash: Buffer };

/**
 * Checks one execution against the newest signed checkpoint, the way an outside verifier would:
 * recomputes the leaf from the stored row, opens the checkpoint's signed note with the registered
 * keys, fetches an RFC 9162 inclusion proof and verifies it up to the signed root. Never trusts a
 * stored hash it can recompute. (The keys come from the database: `warden verify --pubkey` pins one.)
 */
export async function executionInclusion(environment: Environment, seq: number): Promise<ExecutionInclusion> {
  const { rows } = await pool().query<StoredRow>('SELECT * FROM executions WHERE environment = $1 AND seq = $2', [environment, seq]);
  const row = rows[0];
  const checkpoint = await findCheckpoint(environment);
  const size = checkpoint?.size ?? null;
  if (!row) return { status: 'failed', checkpointSize: size, reason: `no execution at seq ${seq}` };
  const leaf = leafHash(canonicalBytes(documentFromExecutionRow(row)));
  if (!leaf.equals(row.leaf_hash)) {
    return { status: 'failed', checkpointSize: size, reason: 'the stored record no longer hashes to its leaf hash (content changed)' };
  }
  if (!checkpoint || seq >= checkpoint.size) return { status: 'pending', checkpointSize: size };

  let signed;
  let signedBy: string[];
  try {
    const opened = openNote(checkpoint.signedNote, (await listLedgerKeys()).map((key) => key.verifier_key));
    signed = parseCheckpoint(opened.text);
    signedBy = opened.signatures.filter((signature) => signature.verified).map((signature) => `${signature.name}+${signature.keyId}`);
  } catch (error) {
    return { status: 'failed', checkpointSize: checkpoint.size, reason: `the checkpoint's signature does not verify: ${(error as Error).message}` };
  }
  if (signed.origin !== logOrigin(environment) || signed.size !== checkpoint.size || !signed.rootHash.equals(checkpoint.rootHash)) {
    return { status: 'failed', checkpointSize: checkpoint.size, reason: 'the signed checkpoint does not match the stored one (origin, size or root)' };
  }

  let proof: Buffer[];
  try {
    proof = (await inclusionProofFor(environment, seq, checkpoint.size)).proof.map((hash) => Buffer.from(hash, 'base64'));
  } catch (error) {
    return { status: 'failed', checkpointSize: checkpoint.size, reason: `no inclusion proof: ${(error as Error).message}` };
  }
  if (!verifyInclusion(leaf, seq, checkpoint.size, proof, signed.rootHash)) {
    return { status: 'failed', checkpointSize: checkpoint.size, reason: `the inclusion proof does not lead to the signed root of checkpoint ${checkpoint.size}` };
  }
  return {
    status: 'included', checkpointSize: checkpoint.size, checkpointAt: checkpoint.createdAt, rootHash: signed.rootHash.toString('base64'),
    proofLength: proof.length, signedBy,
  };
}
