import type { ExecutionSummary } from '@/lib/search';

/** One execution in a list, as plain data a client component can receive. */
export interface ExecutionRowView {
  environment: string;
  seq: number;
  timestamp: string;
  serverName: string | null;
  method: string | null;
  toolName: string | null;
  toolVersion: string | null;
  userId: string | null;
  sessionId: string | null;
  agentId: string | null;
  model: string | null;
  isError: boolean;
  durationMs: number | null;
}

export function toRowView(summary: ExecutionSummary): ExecutionRowView {
  return {
    environment: summary.environment, seq: summary.seq, timestamp: summary.timestamp.toISOString(), serverName: summary.serverName,
    method: summary.method, toolName: summary.toolName, toolVersion: summary.toolVersion, userId: summary.userId, sessionId: summary.sessionId,
    agentId: summary.agentId, model: summary.model, isError: summary.isError, durationMs: summary.durationMs,
  };
}

export const executionHref = (environment: string, seq: number) => `/executions/${environment}/${seq}`;
export const sessionHref = (environment: string, sessionId: string) => `/executions/sessions/${environment}/${encodeURIComponent(sessionId)}`;

/** `2026-11-25 09:00:01.123` (UTC) from an ISO time. */
export const utc = (iso: string) => iso.replace('T', ' ').replace('Z', '');

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A gap between two steps, e.g. `+1.20 s`, `+14 min 3 s`, `+2 h 5 min`. */
export function formatGap(ms: number): string {
  if (ms < 3_600_000) return `+${formatDuration(Math.max(ms, 0))}`;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 48 ? `+${Math.floor(hours / 24)} d ${hours % 24} h` : `+${hours} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/** `search_issues@2.1.0`, or the method when no tool was called. */
export function toolLabel(row: Pick<ExecutionRowView, 'toolName' | 'toolVersion' | 'method'>): string {
  if (!row.toolName) return row.method ?? '—';
  return row.toolVersion ? `${row.toolName}@${row.toolVersion}` : row.toolName;
}
