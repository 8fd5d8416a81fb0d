import type pg from 'pg';
import { pool } from '../db/pool';
import { ENVIRONMENTS, type Environment } from '../environment';
import { DETECTORS } from './detectors';
import { raiseAlertWith } from './raiseAlert';
import { readExecutions } from './readExecutions';
import { updateRollups } from './rollups/updateRollups';
import type { DetectionContext, DetectionExecution, Detector, RaiseAlertInput } from './types';
import { notifyNewAlerts } from './webhook';
import { claimLogRange } from '../db/claimLogRange';

/** Log entries per transaction: small enough that a batch finishes in well under a second. */
export const DETECTION_BATCH = 2000;

export interface DetectionReport {
  examined: number;
  batches: number;
  alertsCreated: number;
  alertsUpdated: number;
  /** Detectors that threw, with the message (the batch still advanced; the others ran). */
  failures: Array<{ detector: string; message: string }>;
  /** Milliseconds spent per detector (and 'rollups', 'alerts'), for benchmarks and slow-detector hunting. */
  timings: Record<string, number>;
}

function contextFor(client: pg.PoolClient, environment: Environment): DetectionContext {
  const cache = new Map<string, Promise<unknown>>();
  return {
    environment,
    query: async (sql, params) => (await client.query(sql, params)).rows,
    memo: <T>(key: string, load: () => Promise<T>) => {
      if (!cache.has(key)) cache.set(key, load());
      return cache.get(key) as Promise<T>;
    },
  };
}

/** Runs every detector over one batch; each in a savepoint so one failing query does not abort the others. */
export async function runDetectors(client: pg.PoolClient, environment: Environment, executions: readonly DetectionExecution[],
  detectors: readonly Detector[], report: DetectionReport): Promise<RaiseAlertInput[]> {
  const context = contextFor(client, environment);
  const findings: RaiseAlertInput[] = [];
  for (const detector of detectors) {
    await client.query('SAVEPOINT detector');
    const started = performance.now();
    try {
      findings.push(...(await detector.detect(executions, context)));
      report.timings[detector.name] = (report.timings[detector.name] ?? 0) + performance.now() - started;
      await client.query('RELEASE SAVEPOINT detector');
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT detector');
      report.failures.push({ detector: detector.name, message: (error as Error).message });
    }
  }
  return findings.filter((finding) => finding.environment === environment);
}

const SEVERITY_RANK = ['low', 'medium', 'high', 'critical'];

/**
 * Findings of one batch with the same dedupe key become one: evidence united, the highest severity,
 * the latest explanation. raiseAlert would append them one by one anyway; this saves the round trips.
 */
export function mergeFindings(findings: RaiseAlertInput[]): RaiseAlertInput[] {
  const byKey = new Map<string, RaiseAlertInput>();
  for (const finding of findings) {
    const key = `${finding.environment}|${finding.dedupeKey}`;
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, { ...finding, evidenceSeqs: [...finding.evidenceSeqs] });
      continue;
    }
    known.evidenceSeqs.push(...finding.evidenceSeqs);
    if (SEVERITY_RANK.indexOf(finding.severity) > SEVERITY_RANK.indexOf(known.severity)) known.severity = finding.severity;
    known.explanation = finding.explanation;
  }
  return [...byKey.values()];
}

/**
 * Examines the next batch of an environment's log: rollups, every detector, their alerts and the
 * cursor, all in one transaction — so each execution is examined exactly once, across crashes and
 * restarts. Returns null when caught up or when another instance holds the cursor (SKIP LOCKED).
 */
async function detectBatch(environment: Environment, batchSize: number, detectors: readonly Detector[], report: DetectionReport): Promise<string[] | null> {
  const client = await pool().connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    const range = await claimLogRange(client, 'detection_progress', environment, batchSize);
    if (!range) {
      await client.query('COMMIT');
      return null;
    }
    const { from, to } = range;
    const executions = await readExecutions(client, environment, from, to);
    const created: string[] = [];
    if (executions.length > 0) {
      let started = performance.now();
      await updateRollups(client, environment, executions);
      report.timings.rollups = (report.timings.rollups ?? 0) + performance.now() - started;
      const findings = mergeFindings(await runDetectors(client, environment, executions, detectors, report));
      started = performance.now();
      const times = new Map(executions.map((e) => [e.seq, e.timestamp]));
      for (const finding of findings) {
        const result = await raiseAlertWith(client, finding, times);
        if (result.created) created.push(result.id);
        else report.alertsUpdated++;
      }
      report.timings.alerts = (report.timings.alerts ?? 0) + performance.now() - started;
    }
    await client.query('UPDATE detection_progress SET next_seq = $2, updated_at = now() WHERE environment = $1', [environment, to]);
    await client.query('COMMIT');
    report.examined += executions.length;
    report.batches++;
    report.alertsCreated += created.length;
    return created;
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release(failed);
  }
}

/**
 * Catches detections up with the logs, batch by batch (or `maxBatches` per environment). Called
 * every couple of seconds from instrumentation.ts, off the ingest path; tests and benchmarks call it directly.
 */
const PRUNE_EVERY_MS = 10 * 60_000;
const pruneState = globalThis as unknown as { wardenDetectionPrunedAt?: number };

/**
 * Drops detector state past its horizon: 5-minute windows older than the 14-day baseline (plus a
 * day), and failure lists of sessions quiet for two days. Rollups and alerts are kept.
 */
export async function pruneDetectionState(): Promise<void> {
  await pool().query(`DELETE FROM detection_windows WHERE window_start < now() - interval '15 days'`);
  await pool().query(`DELETE FROM detection_session_failures WHERE updated_at < now() - interval '2 days'`);
}

export async function runPendingDetections(options: { batchSize?: number; maxBatches?: number; detectors?: readonly Detector[]; keepGoing?: () => boolean } = {}): Promise<DetectionReport> {
  const report: DetectionReport = { examined: 0, batches: 0, alertsCreated: 0, alertsUpdated: 0, failures: [], timings: {} };
  if (Date.now() - (pruneState.wardenDetectionPrunedAt ?? 0) > PRUNE_EVERY_MS) {
    pruneState.wardenDetectionPrunedAt = Date.now();
    await pruneDetectionState();
  }
  for (const environment of ENVIRONMENTS) {
    // keepGoing: a catch-up run stops between batches when the caller says so (ingest resumed).
    for (let batch = 0; batch < (options.maxBatches ?? Infinity) && (batch === 0 || (options.keepGoing?.() ?? true)); batch++) {
      const created = await detectBatch(environment, options.batchSize ?? DETECTION_BATCH, options.detectors ?? DETECTORS, report);
      if (created === null) break;
      notifyNewAlerts(created);
    }
  }
  return report;
}

export interface DetectionStatus {
  environment: Environment;
  examinedSeq: number;
  logSize: number;
  lag: number;
}

export async function detectionStatus(): Promise<DetectionStatus[]> {
  const { rows } = await pool().query<{ environment: Environment; examined: string; size: string }>(
    `SELECT p.environment, p.next_seq AS examined, h.next_seq AS size FROM detection_progress p JOIN log_heads h USING (environment) ORDER BY p.environment`);
  return rows.map((row) => ({ environment: row.environment, examinedSeq: Number(row.examined), logSize: Number(row.size), lag: Math.max(0, Number(row.size) - Number(row.examined)) }));
}
