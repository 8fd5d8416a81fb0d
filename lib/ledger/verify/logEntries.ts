import type pg from 'pg';
import type { LedgerLog } from '../../environment';
import { consoleActionData, readConsoleActions } from '../consoleEntries';
import { databaseEntries } from './databaseEntries';
import { verifyDatabaseLog } from './verifyDatabaseLog';
import { verifyEntries, type VerifiableEntry, type VerifyOptions, type VerifyReport } from './verifyEntries';

const CONSOLE_PAGE = 5_000;

/** Every console action in seq order, rebuilt from its row; small log, plain pages. */
async function* consoleEntries(client: pg.ClientBase): AsyncGenerator<VerifiableEntry> {
  for (let from = 0; ; from += CONSOLE_PAGE) {
    const rows = await readConsoleActions(client, from, from + CONSOLE_PAGE);
    if (rows.length === 0) {
      // A gap before the end is the verifier's to report: keep reading until no row is left beyond it.
      const { rows: later } = await client.query('SELECT 1 FROM console_actions WHERE seq >= $1 LIMIT 1', [from]);
      if (later.length === 0) return;
      continue;
    }
    for (const row of rows) yield { seq: Number(row.seq), data: consoleActionData(row), leafHash: row.leaf_hash, chainHash: row.chain_hash };
  }
}

/** The entries of any ledger log as `warden verify` walks them: executions + quarantined lines, or console actions. */
export function logEntries(client: pg.ClientBase, log: LedgerLog): AsyncGenerator<VerifiableEntry> {
  return log === 'console' ? consoleEntries(client) : databaseEntries(client, log);
}

/** `warden verify` of any ledger log: execution logs on every core (verifyDatabaseLog), the console log in one pass. */
export function verifyLog(client: pg.ClientBase, log: LedgerLog, options: VerifyOptions): Promise<VerifyReport> {
  return log === 'console' ? verifyEntries(consoleEntries(client), options) : verifyDatabaseLog(client, log, options);
}
