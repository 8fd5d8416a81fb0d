import { pool } from '../../db/pool';
import type { LedgerLog } from '../../environment';
import { listLedgerKeys } from '../proofs';
import { logOrigin } from '../ledgerIdentity';
import { verifyLog } from './logEntries';

export interface VerificationRunView {
  id: string;
  environment: LedgerLog;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  total: number;
  verified: number;
  checkpointsChecked: number;
  ok: boolean | null;
  problemSeq: number | null;
  problem: string | null;
}

type RunRow = { id: string; environment: LedgerLog; started_by: string; started_at: Date; finished_at: Date | null; total: string; verified: string;
  checkpoints_checked: number; ok: boolean | null; problem_seq: string | null; problem: string | null };

const view = (row: RunRow): VerificationRunView => ({
  id: row.id, environment: row.environment, startedBy: row.started_by, startedAt: row.started_at.toISOString(), finishedAt: row.finished_at?.toISOString() ?? null,
  total: Number(row.total), verified: Number(row.verified), checkpointsChecked: row.checkpoints_checked, ok: row.ok,
  problemSeq: row.problem_seq === null ? null : Number(row.problem_seq), problem: row.problem,
});

async function runVerification(id: string, environment: LedgerLog): Promise<void> {
  const client = await pool().connect();
  try {
    const keys = await listLedgerKeys();
    const notes = (await client.query<{ signed_note: string }>('SELECT signed_note FROM checkpoints WHERE environment = $1 ORDER BY size', [environment])).rows.map((row) => row.signed_note);
    const total = Number((await client.query<{ next_seq: string }>('SELECT next_seq FROM log_heads WHERE environment = $1', [environment])).rows[0]?.next_seq ?? 0);
    const report = await verifyLog(client, environment, {
      checkpoints: notes, verifiers: keys.map((key) => key.verifier_key), origin: logOrigin(environment), expectedSize: total,
      onProgress: (verified) => void pool().query('UPDATE verification_runs SET verified = $2 WHERE id = $1', [id, verified]).catch(() => {}),
    });
    await pool().query(`UPDATE verification_runs SET finished_at = now(), verified = $2, checkpoints_checked = $3, ok = $4, problem_seq = $5, problem = $6 WHERE id = $1`,
      [id, report.entries, report.checkpointsChecked, report.firstProblem === null, report.firstProblem?.seq ?? null, report.firstProblem?.problem ?? null]);
  } catch (error) {
    await pool().query('UPDATE verification_runs SET finished_at = now(), ok = false, problem = $2 WHERE id = $1', [id, `verification could not run: ${(error as Error).message}`]).catch(() => {});
  } finally {
    client.release();
  }
}

/** Starts verifying a log in the background (one run at a time per environment); returns the run. */
export async function startVerification(environment: LedgerLog, startedBy: string): Promise<VerificationRunView> {
  const running = await pool().query<RunRow>('SELECT * FROM verification_runs WHERE environment = $1 AND finished_at IS NULL AND started_at > now() - interval \'1 hour\' LIMIT 1', [environment]);
  if (running.rows[0]) return view(running.rows[0]);
  const { rows } = await pool().query<RunRow>(
    `INSERT INTO verification_runs (environment, started_by, total) SELECT $1, $2, next_seq FROM log_heads WHERE environment = $1 RETURNING *`, [environment, startedBy]);
  void runVerification(rows[0]!.id, environment);
  return view(rows[0]!);
}

export async function latestVerification(environment: LedgerLog): Promise<VerificationRunView | null> {
  const { rows } = await pool().query<RunRow>('SELECT * FROM verification_runs WHERE environment = $1 ORDER BY started_at DESC LIMIT 1', [environment]);
  return rows[0] ? view(rows[0]) : null;
}
