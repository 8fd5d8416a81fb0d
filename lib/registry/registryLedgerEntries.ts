import { pool } from '../db/pool';

export interface LedgerEntryView { seq: number; at: Date; actor: string; action: string; target: string | null; details: Record<string, unknown> | null }

/** Console-log entries (the ledger's `console` log) about these targets, oldest first, e.g. `promotion:<id>`, `release:<id>`. */
export async function registryLedgerEntries(targets: string[], limit = 200): Promise<LedgerEntryView[]> {
  if (targets.length === 0) return [];
  const { rows } = await pool().query<{ seq: string; at: Date; actor: string; action: string; target: string | null; details: Record<string, unknown> | null }>(
    `SELECT seq, at, actor, action, target, details FROM console_actions WHERE target = ANY($1::text[]) ORDER BY seq LIMIT $2`, [targets, limit]);
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}
