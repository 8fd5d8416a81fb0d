import type { DetectionExecution, Detector, RaiseAlertInput } from '../types';
import { subjectOf } from './shared';

/** A burst: at least BURST_FAILURES failed calls, or BURST_DENIED denied ones, within BURST_WINDOW_MS in one session. */
export const BURST_FAILURES = 8;
export const BURST_DENIED = 5;
export const BURST_WINDOW_MS = 10 * 60_000;
const KEEP = 50;

/** Refusals rather than breakage: what an agent probing for a way out runs into. */
export const DENIED = /\b(permission denied|access denied|forbidden|not allowed|not permitted|unauthori[sz]ed|eacces|eperm|403|401|denied by policy|blocked)\b/i;

type State = { session_id: string; failure_times: Date[] | null; failure_seqs: string[] | null };

/**
 * Bursts of failed or denied calls in one session — repeated exfiltration or escalation attempts.
 * Each session's recent failures (times and seqs, last 50) are kept in detection_session_failures,
 * so bursts spanning batches are seen. Benign sessions fail ~3 % of calls, far below the threshold.
 */
export const failureBurst: Detector = {
  name: 'failure_burst',
  label: 'Burst of failed or denied calls',
  description: `${BURST_FAILURES}+ failed or ${BURST_DENIED}+ denied calls within ${BURST_WINDOW_MS / 60_000} minutes in one session.`,
  kind: 'statistical',
  async detect(executions, context) {
    const bySession = new Map<string, DetectionExecution[]>();
    for (const e of executions) {
      if (!e.isError || !e.sessionId) continue;
      bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
    }
    if (bySession.size === 0) return [];
    const states = await context.query<State>(
      'SELECT session_id, failure_times, failure_seqs FROM detection_session_failures WHERE environment = $1 AND session_id = ANY($2::text[])',
      [context.environment, [...bySession.keys()]]);
    const known = new Map(states.map((state) => [state.session_id, state]));
    const findings: RaiseAlertInput[] = [];
    const updates: Array<{ session_id: string; failure_times: string[]; failure_seqs: number[] }> = [];
    for (const [session, failures] of bySession) {
      const state = known.get(session);
      const previous = (state?.failure_times ?? []).map((at, i) => ({ at: at.getTime(), seq: Number(state!.failure_seqs![i]), denied: false }));
      const recent = [...previous, ...failures.map((e) => ({ at: e.timestamp.getTime(), seq: e.seq, denied: DENIED.test(e.error ?? '') }))]
        .sort((a, b) => a.at - b.at).slice(-KEEP);
      updates.push({ session_id: session, failure_times: recent.map((f) => new Date(f.at).toISOString()), failure_seqs: recent.map((f) => f.seq) });
      // Only windows ending at a failure of this batch: earlier ones were judged before.
      const deniedSeqs = new Set(failures.filter((e) => DENIED.test(e.error ?? '')).map((e) => e.seq));
      let best: { inWindow: typeof recent; denied: number } | null = null;
      for (const e of failures) {
        const end = e.timestamp.getTime();
        const inWindow = recent.filter((f) => f.at <= end && f.at > end - BURST_WINDOW_MS);
        const denied = inWindow.filter((f) => f.denied || deniedSeqs.has(f.seq)).length;
        if ((inWindow.length >= BURST_FAILURES || denied >= BURST_DENIED) && (!best || inWindow.length > best.inWindow.length)) best = { inWindow, denied };
      }
      if (!best) continue;
      const first = failures[0]!;
      const span = Math.max(1, Math.round((best.inWindow.at(-1)!.at - best.inWindow[0]!.at) / 60_000));
      findings.push({
        detector: 'failure_burst', environment: context.environment, severity: best.denied >= BURST_DENIED ? 'high' : 'medium',
        title: `Burst of ${best.denied >= BURST_DENIED ? 'denied' : 'failed'} calls in session ${session.slice(0, 24)}`,
        explanation: `${best.inWindow.length} failed calls${best.denied > 0 ? ` (${best.denied} denied)` : ''} within ${span} min in one session${first.userId ? ` of ${first.userId}` : ''}${first.agentId ? ` via ${first.agentId}` : ''}; usual: under 1 in 30 calls fails. Latest error: “${(failures.at(-1)!.error ?? '').slice(0, 100)}”.`,
        evidenceSeqs: best.inWindow.map((f) => f.seq),
        subject: { ...subjectOf(first), tool: undefined, session },
        dedupeKey: `failure_burst|${session}`,
      });
    }
    await context.query(
      `INSERT INTO detection_session_failures AS target (environment, session_id, failure_times, failure_seqs, updated_at)
       SELECT $1, r.session_id, r.failure_times, r.failure_seqs, now() FROM jsonb_to_recordset($2::jsonb) AS r(session_id text, failure_times timestamptz[], failure_seqs bigint[])
       ON CONFLICT (environment, session_id) DO UPDATE SET failure_times = EXCLUDED.failure_times, failure_seqs = EXCLUDED.failure_seqs, updated_at = now()`,
      [context.environment, JSON.stringify(updates)]);
    return findings;
  },
};
