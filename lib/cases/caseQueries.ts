import { db } from '../db/client';
import { pool } from '../db/pool';
import type { Environment } from '../environment';
import type { ExecutionSummary } from '../search';
import type { CaseStatus } from './caseInputs';

export interface CaseListItem {
  id: string;
  title: string;
  status: CaseStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  pinned: number;
  notes: number;
}

export interface CasePinView {
  environment: Environment;
  seq: number;
  pinnedBy: string;
  pinnedAt: Date;
  /** Null only if the execution cannot be read (it is append-only, so that means a damaged log). */
  execution: ExecutionSummary | null;
}

export interface CaseNoteView {
  id: string;
  author: string;
  body: string;
  createdAt: Date;
}

export interface CaseHistoryEntry {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  details: Record<string, unknown> | null;
}

export interface CaseDetail extends Omit<CaseListItem, 'pinned' | 'notes'> {
  pins: CasePinView[];
  notes: CaseNoteView[];
  /** The case's entries in the console log, oldest first. */
  history: CaseHistoryEntry[];
}

export interface CaseRef {
  id: string;
  title: string;
  status: CaseStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cases, most recently changed first, with how many executions and notes each holds. */
export async function listCases(options: { status?: CaseStatus; limit?: number } = {}): Promise<CaseListItem[]> {
  const { rows } = await pool().query<{ id: string; title: string; status: CaseStatus; created_by: string; created_at: Date; updated_at: Date; pinned: string; notes: string }>(
    `SELECT c.id, c.title, c.status, c.created_by, c.created_at, c.updated_at,
       (SELECT count(*) FROM case_executions p WHERE p.case_id = c.id) AS pinned,
       (SELECT count(*) FROM case_notes n WHERE n.case_id = c.id) AS notes
     FROM cases c WHERE ($1::text IS NULL OR c.status::text = $1) ORDER BY c.updated_at DESC, c.id LIMIT $2`,
    [options.status ?? null, options.limit ?? 200]);
  return rows.map((row) => ({
    id: row.id, title: row.title, status: row.status, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
    pinned: Number(row.pinned), notes: Number(row.notes),
  }));
}

const SUMMARY_SELECT = {
  environment: true, seq: true, id: true, timestamp: true, ingestedAt: true, serverName: true, method: true, toolName: true, toolVersion: true,
  promptName: true, promptVersion: true, model: true, userId: true, sessionId: true, agentId: true, inputSchemaHash: true, isError: true, durationMs: true,
} as const;

async function summaries(environment: Environment, seqs: number[]): Promise<Map<number, ExecutionSummary>> {
  if (seqs.length === 0) return new Map();
  const rows = await db().execution.findMany({ where: { environment, seq: { in: seqs.map(BigInt) } }, select: SUMMARY_SELECT });
  return new Map(rows.map((row) => [Number(row.seq), { ...row, environment: row.environment as Environment, seq: Number(row.seq) }]));
}

/** One case with its pinned executions (in time order), notes and console-log history; null when unknown. */
export async function getCase(id: string): Promise<CaseDetail | null> {
  if (!UUID.test(id)) return null;
  const found = await db().investigationCase.findUnique({ where: { id } });
  if (!found) return null;
  const [pins, notes, history] = await Promise.all([
    db().casePin.findMany({ where: { caseId: id }, orderBy: { pinnedAt: 'asc' } }),
    db().caseNote.findMany({ where: { caseId: id }, orderBy: { createdAt: 'asc' } }),
    pool().query<{ seq: string; at: Date; actor: string; action: string; details: Record<string, unknown> | null }>(
      'SELECT seq, at, actor, action, details FROM console_actions WHERE target = $1 ORDER BY seq LIMIT 500', [`case:${id}`]),
  ]);
  const byEnvironment = new Map<Environment, number[]>();
  for (const pin of pins) {
    const environment = pin.environment as Environment;
    byEnvironment.set(environment, [...(byEnvironment.get(environment) ?? []), Number(pin.seq)]);
  }
  const summariesByEnvironment = new Map<Environment, Map<number, ExecutionSummary>>();
  for (const [environment, seqs] of byEnvironment) summariesByEnvironment.set(environment, await summaries(environment, seqs));
  const pinViews = pins.map((pin): CasePinView => ({
    environment: pin.environment as Environment, seq: Number(pin.seq), pinnedBy: pin.pinnedBy, pinnedAt: pin.pinnedAt,
    execution: summariesByEnvironment.get(pin.environment as Environment)?.get(Number(pin.seq)) ?? null,
  })).sort((a, b) => (a.execution?.timestamp.getTime() ?? 0) - (b.execution?.timestamp.getTime() ?? 0) || a.seq - b.seq);
  return {
    id: found.id, title: found.title, status: found.status, createdBy: found.createdBy, createdAt: found.createdAt, updatedAt: found.updatedAt,
    pins: pinViews,
    notes: notes.map((note) => ({ id: note.id, author: note.author, body: note.body, createdAt: note.createdAt })),
    history: history.rows.map((row) => ({ seq: Number(row.seq), at: row.at, actor: row.actor, action: row.action, details: row.details })),
  };
}

/** The cases an execution is pinned in. */
export async function casesForExecution(environment: Environment, seq: number): Promise<CaseRef[]> {
  return (await casesForExecutions(environment, [seq])).get(seq) ?? [];
}

/** For a list of executions (e.g. a session timeline): seq → the cases it is pinned in. */
export async function casesForExecutions(environment: Environment, seqs: number[]): Promise<Map<number, CaseRef[]>> {
  const result = new Map<number, CaseRef[]>();
  if (seqs.length === 0) return result;
  const { rows } = await pool().query<{ seq: string; id: string; title: string; status: CaseStatus }>(
    `SELECT p.seq, c.id, c.title, c.status FROM case_executions p JOIN cases c ON c.id = p.case_id
     WHERE p.environment = $1 AND p.seq = ANY($2::bigint[]) ORDER BY c.created_at`, [environment, seqs]);
  for (const row of rows) result.set(Number(row.seq), [...(result.get(Number(row.seq)) ?? []), { id: row.id, title: row.title, status: row.status }]);
  return result;
}

/** Open cases to pin into, most recently changed first. */
export async function openCases(limit = 100): Promise<CaseRef[]> {
  const rows = await db().investigationCase.findMany({ where: { status: 'open' }, orderBy: { updatedAt: 'desc' }, take: limit, select: { id: true, title: true, status: true } });
  return rows;
}
