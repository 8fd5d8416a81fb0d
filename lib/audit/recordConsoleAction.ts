import { pool } from '../db/pool';
import { canonicalJson } from '../ledger/canonicalJson';
import { consoleActionDocument } from '../ledger/documents';
import { chainHash, leafHash } from '../ledger/hashes';
import { advanceHeadSql, lockHeadForAppendSql, merkleToAdvance, type AppendHead } from '../ledger/merkleState';
import type { ConsoleActionInput } from './consoleActions';

export const CONSOLE_LOG = 'console';

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
    const { rows } = await client.query<AppendHead>(lockHeadForAppendSql("'console'"));
    const head = rows[0];
    if (!head) throw new Error('no log head for the console log (migrations not applied?)');
    const fields = wellFormed({
      at: head.now.toISOString(), actor: input.actor.label, actor_id: input.actor.id, action: input.action,
      target: input.target ?? null, details: input.details ?? null, source_ip: input.sourceIp ?? null,
    });
    const leaf = leafHash(Buffer.from(canonicalJson(consoleActionDocument(fields)), 'utf8'));
    const chain = chainHash(head.chain_hash, leaf);
    const seq = Number(head.next_seq);
    const merkle = merkleToAdvance(head);
    merkle?.append(leaf);
    await client.query(
      `INSERT INTO console_actions (environment, seq, at, actor_id, actor, action, target, details, source_ip, leaf_hash, chain_hash)
       VALUES ('console', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [seq, head.now, fields.actor_id, fields.actor, fields.action, fields.target, fields.details === null ? null : JSON.stringify(fields.details), fields.source_ip, leaf, chain]);
    await client.query(advanceHeadSql("'console'", seq + 1, chain, merkle));
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

/**
 * The value with every lone surrogate (half a pair, as a JSON escape or a cut string can make) replaced by U+FFFD,
 * in keys too. An action's strings can come from anyone (the email a failed sign-in tried): a text column stores a
 * lone surrogate as U+FFFD and jsonb refuses it, so without this the row would not match its leaf, or not be stored.
 */
function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return value.toWellFormed() as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.toWellFormed(), wellFormed(item)])) as T;
  }
  return value;
}
