import type pg from 'pg';
import { canonicalJson } from './canonicalJson';
import { consoleActionDocument } from './documents';

export type ConsoleActionRow = {
  seq: string; at: Date; actor_id: string | null; actor: string; action: string; target: string | null;
  details: Record<string, unknown> | null; source_ip: string | null; leaf_hash: Buffer; chain_hash: Buffer;
};

export const CONSOLE_ACTION_COLUMNS = 'seq, at, actor_id, actor, action, target, details, source_ip, leaf_hash, chain_hash';

/** The canonical document a console action's leaf hashes, rebuilt from its row. */
export function consoleActionData(row: ConsoleActionRow): Buffer {
  return Buffer.from(canonicalJson(consoleActionDocument({
    at: row.at.toISOString(), actor: row.actor, actor_id: row.actor_id, action: row.action, target: row.target, details: row.details, source_ip: row.source_ip,
  })), 'utf8');
}

/** Console actions with seq in [from, to), in order. */
export async function readConsoleActions(client: pg.ClientBase | pg.Pool, from: number, to: number): Promise<ConsoleActionRow[]> {
  const { rows } = await client.query<ConsoleActionRow>(
    `SELECT ${CONSOLE_ACTION_COLUMNS} FROM console_actions WHERE environment = 'console' AND seq >= $1 AND seq < $2 ORDER BY seq`, [from, to]);
  return rows;
}
