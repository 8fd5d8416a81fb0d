import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { LedgerLog } from '../../environment';
import { logOrigin } from '../ledgerIdentity';
import { entryLine } from './exportFile';
import { logEntries } from './logEntries';

/**
 * Writes a whole log as `warden verify --export` reads it: the header, every entry in seq order
 * (streamed, never held), then every checkpoint. Leaves `out` open; returns what it wrote.
 */
export async function writeExport(client: pg.ClientBase, environment: LedgerLog, out: Writable): Promise<{ entries: number; checkpoints: number }> {
  const size = Number((await client.query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment])).rows[0]?.next_seq ?? 0);
  out.write(JSON.stringify({ type: 'warden-ledger-export', version: 1, environment, origin: logOrigin(environment), size }) + '\n');
  let entries = 0;
  for await (const entry of logEntries(client, environment)) {
    if (!out.write(entryLine(entry))) await once(out, 'drain');
    entries++;
  }
  const notes = await client.query<{ size: string; signed_note: string }>('SELECT size, signed_note FROM checkpoints WHERE environment = $1 ORDER BY size', [environment]);
  for (const row of notes.rows) out.write(JSON.stringify({ type: 'checkpoint', size: Number(row.size), signed_note: row.signed_note }) + '\n');
  return { entries, checkpoints: notes.rows.length };
}
