import type { AlertSubject, DetectionExecution } from '../types';

export const subjectOf = (e: DetectionExecution): AlertSubject => ({
  ...(e.toolName ? { tool: e.toolName } : e.promptName ? { prompt: e.promptName } : {}),
  ...(e.userId ? { user: e.userId } : {}),
  ...(e.agentId ? { agent: e.agentId } : {}),
  ...(e.sessionId ? { session: e.sessionId } : {}),
});

/** "read_file (agent-qa for ana)" — the call in words. */
export function callLabel(e: DetectionExecution): string {
  const what = e.toolName ?? e.promptName ?? e.method ?? 'call';
  const who = [e.agentId, e.userId && `for ${e.userId}`].filter(Boolean).join(' ');
  return who ? `${what} (${who})` : what;
}

/** Alerts of one session (or one execution without a session) group together. */
export const scopeKey = (e: DetectionExecution) => (e.sessionId ? `session:${e.sessionId}` : `seq:${e.seq}`);

export interface SideEffect { kind: string; target: string }

export function sideEffects(e: DetectionExecution): SideEffect[] {
  if (!Array.isArray(e.sideEffects)) return [];
  return e.sideEffects.flatMap((item) => {
    const { kind, target } = (item ?? {}) as { kind?: unknown; target?: unknown };
    return typeof kind === 'string' && typeof target === 'string' ? [{ kind: kind.toLowerCase(), target }] : [];
  });
}

export const quote = (text: string, max = 80) => `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
