import type pg from 'pg';
import { pool } from '../db/pool';
import { isEnvironment } from '../environment';
import { SEVERITIES, type RaiseAlertInput, type Severity } from './types';
import { notifyNewAlerts } from './webhook';

/** Evidence seqs kept on one alert; evidence_count keeps counting past it (the explorer link covers the rest). */
export const MAX_EVIDENCE = 500;
const MAX_TITLE = 200;
const MAX_EXPLANATION = 2000;

type Queryable = Pick<pg.PoolClient, 'query'>;

function checked(input: RaiseAlertInput): RaiseAlertInput {
  if (!isEnvironment(input.environment)) throw new Error(`raiseAlert: environment must be staging or production, got ${String(input.environment)}`);
  if (!SEVERITIES.includes(input.severity)) throw new Error(`raiseAlert: unknown severity ${String(input.severity)}`);
  if (!input.detector?.trim() || !input.dedupeKey?.trim() || !input.title?.trim()) throw new Error('raiseAlert: detector, dedupeKey and title are required');
  const seqs = [...new Set(input.evidenceSeqs)].filter((seq) => Number.isSafeInteger(seq) && seq >= 0).sort((a, b) => a - b);
  return {
    ...input, evidenceSeqs: seqs,
    title: input.title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE),
    explanation: input.explanation.slice(0, MAX_EXPLANATION),
  };
}

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

/** Execution times of the earliest and latest evidence (now, when there is none): from the batch when it has them all. */
async function evidenceSpan(client: Queryable, environment: string, seqs: number[], knownTimes?: ReadonlyMap<number, Date>): Promise<{ first: Date; last: Date }> {
  const now = new Date();
  if (seqs.length === 0) return { first: now, last: now };
  const times = knownTimes ? seqs.map((seq) => knownTimes.get(seq)) : [];
  if (knownTimes && times.every((time) => time !== undefined)) {
    const ms = times.map((time) => time!.getTime());
    return { first: new Date(Math.min(...ms)), last: new Date(Math.max(...ms)) };
  }
  const span = await client.query<{ first: Date | null; last: Date | null }>(
    'SELECT min(timestamp) AS first, max(timestamp) AS last FROM executions WHERE environment = $1 AND seq = ANY($2::bigint[])', [environment, seqs]);
  return { first: span.rows[0]?.first ?? now, last: span.rows[0]?.last ?? now };
}

/**
 * raiseAlert inside the caller's transaction (the detection runner's). Serialised per
 * (environment, dedupeKey) with an advisory lock, so two runners never open twin alerts. Raising
 * the same evidence again changes nothing: replays after a crash are harmless.
 */
export async function raiseAlertWith(client: Queryable, raw: RaiseAlertInput, knownTimes?: ReadonlyMap<number, Date>): Promise<{ id: string; created: boolean }> {
  const input = checked(raw);
  const { environment, dedupeKey } = input;
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [`alert|${environment}|${dedupeKey}`]);
  const { first, last } = await evidenceSpan(client, environment, input.evidenceSeqs, knownTimes);
  const open = await client.query<{ id: string; evidence_seqs: string[] | null; evidence_count: number; severity: Severity }>(
    `SELECT id, evidence_seqs, evidence_count, severity FROM alerts
     WHERE environment = $1 AND dedupe_key = $2 AND status IN ('open', 'acknowledged') ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
    [environment, dedupeKey]);
  const current = open.rows[0];
  if (current) {
    const known = new Set((current.evidence_seqs ?? []).map(Number));
    const fresh = input.evidenceSeqs.filter((seq) => !known.has(seq));
    if (fresh.length === 0 && input.evidenceSeqs.length > 0) return { id: current.id, created: false };
    const kept = [...known, ...fresh].sort((a, b) => a - b).slice(0, MAX_EVIDENCE);
    const severity = rank(input.severity) > rank(current.severity) ? input.severity : current.severity;
    await client.query(
      `UPDATE alerts SET evidence_seqs = $2::bigint[], evidence_count = evidence_count + $3, occurrences = occurrences + 1,
         first_seen_at = LEAST(first_seen_at, $4), last_seen_at = GREATEST(last_seen_at, $5), severity = $6,
         explanation = $7, updated_at = now() WHERE id = $1`,
      [current.id, kept, fresh.length, first, last, severity, input.explanation]);
    return { id: current.id, created: false };
  }
  const subject = input.subject ?? {};
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO alerts (environment, detector, severity, title, explanation, dedupe_key, subject_tool, subject_user, subject_agent,
       subject_session, subject_prompt, subject_release, link, evidence_seqs, evidence_count, first_seen_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::bigint[], $15, $16, $17) RETURNING id`,
    [environment, input.detector, input.severity, input.title, input.explanation, dedupeKey, subject.tool ?? null, subject.user ?? null,
      subject.agent ?? null, subject.session ?? null, subject.prompt ?? null, subject.release ?? null, input.link ?? null,
      input.evidenceSeqs.slice(0, MAX_EVIDENCE), input.evidenceSeqs.length, first, last]);
  return { id: rows[0]!.id, created: true };
}

/**
 * Contract C1: records a detection. While an alert with the same (environment, dedupeKey) is open
 * or acknowledged, the new evidence is appended to it (created: false); otherwise a new alert opens.
 * Features outside the runner (policy checks, prompt drift on deploy…) call this directly.
 */
export async function raiseAlert(input: RaiseAlertInput): Promise<{ id: string; created: boolean }> {
  const client = await pool().connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    const result = await raiseAlertWith(client, input);
    await client.query('COMMIT');
    if (result.created) notifyNewAlerts([result.id]);
    return result;
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release(failed);
  }
}
