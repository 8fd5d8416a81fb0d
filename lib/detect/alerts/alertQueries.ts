import { db } from '../../db/client';
import { pool } from '../../db/pool';
import type { Environment } from '../../environment';
import type { AlertStatus, Severity } from '../types';
import type { AlertFilterValues } from './alertInputs';

export interface AlertListItem {
  id: string;
  environment: Environment;
  detector: string;
  severity: Severity;
  status: AlertStatus;
  title: string;
  explanation: string;
  subjectTool: string | null;
  subjectUser: string | null;
  subjectAgent: string | null;
  subjectSession: string | null;
  evidenceSeqs: number[];
  evidenceCount: number;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  createdAt: Date;
  assignee: string | null;
  link: string | null;
}

type Row = {
  id: string; environment: Environment; detector: string; severity: Severity; status: AlertStatus; title: string; explanation: string;
  subject_tool: string | null; subject_user: string | null; subject_agent: string | null; subject_session: string | null;
  evidence_seqs: string[] | null; evidence_count: number; occurrences: number; first_seen_at: Date; last_seen_at: Date; created_at: Date;
  assignee: string | null; link: string | null;
};

const toItem = (row: Row): AlertListItem => ({
  id: row.id, environment: row.environment, detector: row.detector, severity: row.severity, status: row.status, title: row.title,
  explanation: row.explanation, subjectTool: row.subject_tool, subjectUser: row.subject_user, subjectAgent: row.subject_agent,
  subjectSession: row.subject_session, evidenceSeqs: (row.evidence_seqs ?? []).map(Number), evidenceCount: row.evidence_count,
  occurrences: row.occurrences, firstSeenAt: row.first_seen_at, lastSeenAt: row.last_seen_at, createdAt: row.created_at,
  assignee: row.assignee, link: row.link,
});

const COLUMNS = `id, environment, detector, severity, status, title, explanation, subject_tool, subject_user, subject_agent, subject_session,
  evidence_seqs, evidence_count, occurrences, first_seen_at, last_seen_at, created_at, assignee, link`;

/** Alerts matching the list's filters, most recent evidence first; `total` counts all matches. */
export async function listAlerts(filters: AlertFilterValues & { environment: Environment }, limit = 200): Promise<{ items: AlertListItem[]; total: number }> {
  const values: unknown[] = [filters.environment];
  const p = (value: unknown) => `$${values.push(value)}`;
  const where = ['environment = $1'];
  if (filters.status) where.push(`status = ANY(${p(filters.status)}::"AlertStatus"[])`);
  if (filters.severity) where.push(`severity = ${p(filters.severity)}::"AlertSeverity"`);
  if (filters.detector) where.push(`detector = ${p(filters.detector)}`);
  if (filters.tool) where.push(`subject_tool = ${p(filters.tool)}`);
  if (filters.user) where.push(`subject_user = ${p(filters.user)}`);
  if (filters.agent) where.push(`subject_agent = ${p(filters.agent)}`);
  if (filters.q) where.push(`strpos(lower(title || ' ' || explanation), lower(${p(filters.q)})) > 0`);
  if (filters.from) where.push(`last_seen_at >= ${p(filters.from)}`);
  if (filters.to) where.push(`first_seen_at <= ${p(filters.to)}`);
  const condition = where.join(' AND ');
  const [rows, count] = await Promise.all([
    pool().query<Row>(`SELECT ${COLUMNS} FROM alerts WHERE ${condition} ORDER BY last_seen_at DESC, id LIMIT ${p(limit)}`, values),
    pool().query<{ n: string }>(`SELECT count(*) AS n FROM alerts WHERE ${condition}`, values.slice(0, -1)),
  ]);
  return { items: rows.rows.map(toItem), total: Number(count.rows[0]!.n) };
}

export interface AlertDetail extends AlertListItem {
  notes: Array<{ id: string; author: string; body: string; createdAt: Date }>;
  history: Array<{ seq: number; at: Date; actor: string; action: string; details: Record<string, unknown> | null }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One alert with its notes and its console-log history; null when unknown. */
export async function getAlert(id: string): Promise<AlertDetail | null> {
  if (!UUID.test(id)) return null;
  const { rows } = await pool().query<Row>(`SELECT ${COLUMNS} FROM alerts WHERE id = $1`, [id]);
  if (!rows[0]) return null;
  const [notes, history] = await Promise.all([
    db().alertNote.findMany({ where: { alertId: id }, orderBy: { createdAt: 'asc' } }),
    pool().query<{ seq: string; at: Date; actor: string; action: string; details: Record<string, unknown> | null }>(
      'SELECT seq, at, actor, action, details FROM console_actions WHERE target = $1 ORDER BY seq LIMIT 500', [`alert:${id}`]),
  ]);
  return {
    ...toItem(rows[0]),
    notes: notes.map((note) => ({ id: note.id, author: note.author, body: note.body, createdAt: note.createdAt })),
    history: history.rows.map((row) => ({ seq: Number(row.seq), at: row.at, actor: row.actor, action: row.action, details: row.details })),
  };
}

/** Active console users, for the assignee picker. */
export async function assignableUsers(): Promise<string[]> {
  const users = await db().user.findMany({ where: { active: true }, select: { email: true }, orderBy: { email: 'asc' } });
  return users.map((user) => user.email);
}

/** Counts per status and severity for the page header. */
export async function alertCounts(environment: Environment): Promise<{ open: number; acknowledged: number; critical: number; high: number }> {
  const { rows } = await pool().query<{ status: AlertStatus; severity: Severity; n: string }>(
    `SELECT status, severity, count(*) AS n FROM alerts WHERE environment = $1 AND status IN ('open', 'acknowledged') GROUP BY 1, 2`, [environment]);
  const sum = (test: (row: { status: AlertStatus; severity: Severity }) => boolean) => rows.filter(test).reduce((total, row) => total + Number(row.n), 0);
  return {
    open: sum((row) => row.status === 'open'), acknowledged: sum((row) => row.status === 'acknowledged'),
    critical: sum((row) => row.severity === 'critical'), high: sum((row) => row.severity === 'high'),
  };
}
