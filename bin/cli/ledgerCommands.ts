import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { pool } from '../../lib/db/pool';
import { isLedgerLog, type LedgerLog } from '../../lib/environment';
import { listLedgerKeys, logOrigin } from '../../lib/ledger';
import { parseVerifierKeyList } from '../../lib/ledger/verifierKeyList';
import { verifyLog } from '../../lib/ledger/verify/logEntries';
import { readExport, type ExportContents } from '../../lib/ledger/verify/exportFile';
import { exportFileStream, writeExport } from '../../lib/ledger/verify/writeExport';
import { verifyExportFile } from '../../lib/ledger/verify/verifyExportFile';
import type { VerifyReport } from '../../lib/ledger/verify/verifyEntries';
import { verifySubset, type SubsetReport } from '../../lib/ledger/verify/verifySubset';
import { parseOptions, requireString, UsageError } from './args';
import { withDatabase } from './withDatabase';

function environmentOption(values: Record<string, unknown>): LedgerLog {
  const environment = requireString(values, 'env');
  if (!isLedgerLog(environment)) throw new UsageError(`--env must be staging, production or console (the console's own audit log; got "${environment}")`);
  return environment;
}

/** The keys given with `--pubkey` (repeatable): each a verifier key, or a file of them (parseVerifierKeyList); undefined if none. */
function pinnedKeys(values: unknown): string[] | undefined {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  try {
    return [...new Set(values.flatMap((value: string) => (existsSync(value) ? parseVerifierKeyList(readFileSync(value, 'utf8'), value) : parseVerifierKeyList(value, '--pubkey'))))];
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Checkpoints kept outside the database (WARDEN_ANCHOR_DIR): the ones an attacker cannot rewrite. */
function anchoredNotes(environment: LedgerLog): string[] {
  const dir = process.env.WARDEN_ANCHOR_DIR;
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.startsWith(`${environment}-`) && name.endsWith('.note')).map((name) => readFileSync(path.join(dir, name), 'utf8'));
}

function progress(started: number) {
  return (verified: number) => {
    const rate = verified / ((performance.now() - started) / 1000);
    process.stderr.write(`\rverified ${verified.toLocaleString('en-US')} entries (${Math.round(rate).toLocaleString('en-US')}/s)`);
  };
}

function printReport(report: VerifyReport): number {
  process.stderr.write('\n');
  const rate = report.entries / Math.max(report.seconds, 1e-9);
  console.log(`${report.entries} entries, ${report.checkpointsChecked} checkpoints checked in ${report.seconds.toFixed(2)} s (${Math.round(rate)} entries/s)`);
  if (report.firstProblem) {
    console.log(`FAILED at seq ${report.firstProblem.seq}: ${report.firstProblem.problem}`);
    return 1;
  }
  console.log(`OK: root ${report.rootHash.toString('base64')}`);
  return 0;
}

// A filtered export holds some entries of the log: each is checked against the signed checkpoint of the
// export's size with its inclusion proof, since the chain and full root need every entry.
function verifySubsetExport(contents: ExportContents, verifiers: string[]): Promise<SubsetReport> {
  const checkpoint = contents.checkpoints.find((note) => note.split('\n')[1] === String(contents.header.size));
  if (!checkpoint) throw new UsageError(`the export has no checkpoint of size ${contents.header.size} to check its entries against`);
  return verifySubset(contents.provenEntries(), { checkpoint, verifiers, origin: contents.header.origin });
}

function printSubsetReport(report: SubsetReport): number {
  console.log(`${report.entries} exported entries checked against the signed checkpoint of size ${report.checkpointSize} (leaf hashes and inclusion proofs) in ${report.seconds.toFixed(2)} s`);
  if (report.firstProblem) {
    console.log(`FAILED at seq ${report.firstProblem.seq}: ${report.firstProblem.problem}`);
    return 1;
  }
  console.log(`OK: every entry is in the log under root ${report.rootHash!.toString('base64')}`);
  return 0;
}

export async function verifyCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, { env: { type: 'string' }, export: { type: 'string' }, pubkey: { type: 'string', multiple: true } });
  const pinned = pinnedKeys(values.pubkey);
  const started = performance.now();
  if (typeof values.export === 'string') {
    if (!pinned) throw new UsageError('offline verification needs --pubkey: a verifier key, or a file of them (after a key rotation, every key the log was signed with)');
    const contents = await readExport(values.export);
    if (contents.header.subset) return printSubsetReport(await verifySubsetExport(contents, pinned));
    const report = await verifyExportFile(values.export, {
      checkpoints: contents.checkpoints, verifiers: pinned, origin: contents.header.origin, expectedSize: contents.header.size, onProgress: progress(started),
    });
    // Timed from the start: reading the header and checkpoints is part of what the user waits for.
    return printReport({ ...report, seconds: (performance.now() - started) / 1000 });
  }
  const environment = environmentOption(values);
  return withDatabase(async () => {
    const client = await pool().connect();
    try {
      // The keys the database lists, never this process's own: run where the server's key is not (an auditor's
      // machine), loading it would have generated a new key and registered it, closing the real key's period.
      const verifiers = pinned ?? (await listLedgerKeys()).map((key) => key.verifier_key);
      const notes = (await client.query<{ signed_note: string }>('SELECT signed_note FROM checkpoints WHERE environment = $1 ORDER BY size', [environment])).rows.map((row) => row.signed_note);
      const head = (await client.query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment])).rows[0];
      return printReport(await verifyLog(client, environment, {
        checkpoints: [...notes, ...anchoredNotes(environment)], verifiers, origin: logOrigin(environment), expectedSize: Number(head?.next_seq ?? 0), onProgress: progress(started),
      }));
    } finally {
      client.release();
    }
  });
}

export async function exportCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, { env: { type: 'string' }, out: { type: 'string' } });
  const environment = environmentOption(values);
  const out = exportFileStream(requireString(values, 'out'));
  const written = await withDatabase(async () => {
    const client = await pool().connect();
    try {
      const { entries, checkpoints } = await writeExport(client, environment, out);
      const keys = (await listLedgerKeys()).map((key) => `--pubkey '${key.verifier_key}'`).join(' ');
      console.log(`Exported ${entries} entries and ${checkpoints} checkpoints of ${environment}.${keys ? ` Verify it with: warden verify --export FILE ${keys}` : ''}`);
      return entries;
    } finally {
      client.release();
    }
  });
  out.end();
  await once(out, 'finish');
  return written >= 0 ? 0 : 1;
}
