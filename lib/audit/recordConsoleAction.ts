import { pool } from '../db/pool';
import { canonicalJson } from '../ledger/canonicalJson';
import { consoleActionDocument } from '../ledger/documents';
import { chainHash, leafHash } from '../ledger/hashes';
import { merkleFromRow } from '../ledger/merkleState';
import type { ConsoleActionInput } from './consoleActions';

export const CONSOLE_LOG = 'console';

type Head = { next_seq: string; chain_hash: Buffer; now: Date; merkle_size: string; merkle_peaks: Buffer[] | null };

/**
 * Appends one console action to the "console" ledger log the way ingest appends executions: under
 * the log head lock, with a gapless seq, the leaf hash of its canonical document, the hash chain
 * and the incremental Merkle state, so checkpoints, proofs and `warden verify` cover it.
 * Called after the change it records; an error here reaches the caller (the action is not silent).
 */
export async function recordConsoleAction(input: ConsoleActionInput): Promise<{ seq: number }> {
  const client = await pool().connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<Head>(
      `SELECT next_seq, chain_hash, now() AS now, merkle_size, merkle_peaks FROM log_heads WHERE environment = 'console' FOR UPDATE`);
    const head = rows[0];
    if (!head) throw new Error('no log head for the console log (migrations not applied?)');
    const fields = {
      at: head.now.toISOString(), actor: input.actor.label, actor_id: input.actor.id, action: input.action,
      target: input.target ?? null, details: input.details ?? null, source_ip: input.sourceIp ?? null,
    };
    const leaf = leafHash(Buffer.from(canonicalJson(consoleActionDocument(fields)), 'utf8'));
    const chain = chainHash(head.chain_hash, leaf);
    const seq = Number(head.next_seq);
    // Advance the Merkle state only when it is level with the log; otherwise catchUpMerkleState does.
    const merkle = head.merkle_size === head.next_seq ? merkleFromRow(head.merkle_size, head.merkle_peaks) : null;
    merkle?.append(leaf);
    await client.query(
      `INSERT INTO console_actions (environment, seq, at, actor_id, actor, action, target, details, source_ip, leaf_hash, chain_hash)
       VALUES ('console', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [seq, head.now, fields.actor_id, fields.actor, fields.action, fields.target, fields.details === null ? null : JSON.stringify(fields.details), fields.source_ip, leaf, chain]);
    await client.query(
      `UPDATE log_heads SET next_seq = $1, chain_hash = $2, updated_at = now(),
         merkle_size = COALESCE($3, merkle_size), merkle_peaks = COALESCE($4::bytea[], merkle_peaks) WHERE environment = 'console'`,
      [seq + 1, chain, merkle ? merkle.size : null, merkle ? merkle.hashes : null]);
    await client.query('COMMIT');
    return { seq };
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release(failed);
  }
}
