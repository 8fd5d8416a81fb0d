import { chartTool } from '../rollups/updateRollups';
import type { DetectionExecution, Detector, RaiseAlertInput } from '../types';
import { callLabel, subjectOf } from './shared';

/** A user or agent must have been seen this long before its first use of a tool counts as news. */
export const FIRST_USE_LEARNING_MS = 24 * 3_600_000;
/** …and the tool must be uncommon for its kind: used by at most this share of known users (agents). */
export const UNCOMMON_SHARE = 0.2;

/**
 * First use of a tool by a user or an agent that has a history without it — the moment a research
 * agent starts calling shell_exec. Every (user, tool), (agent, tool), user, agent and tool is
 * recorded in detection_first_seen by execution time; an alert needs the user/agent known for
 * FIRST_USE_LEARNING_MS and the tool used by at most UNCOMMON_SHARE of them (a tool everyone
 * uses is no news). Agents alert at medium, users at low.
 */
export const firstUse: Detector = {
  name: 'first_use',
  label: 'First use of a tool',
  description: `First call of a tool by a user or agent seen for at least ${FIRST_USE_LEARNING_MS / 3_600_000} h without it, when at most ${UNCOMMON_SHARE * 100} % of users (agents) use that tool.`,
  kind: 'statistical',
  async detect(executions, context) {
    const firsts = new Map<string, DetectionExecution>();
    for (const e of executions) {
      const tool = e.toolName ? chartTool(e) : null;
      const subjects = [
        e.userId && `user:${e.userId}`, e.agentId && `agent:${e.agentId}`, tool && `tool:${tool}`,
        tool && e.userId && `user_tool:${e.userId}|${tool}`, tool && e.agentId && `agent_tool:${e.agentId}|${tool}`,
      ].filter((subject): subject is string => Boolean(subject));
      for (const subject of subjects) {
        const known = firsts.get(subject);
        if (!known || e.timestamp < known.timestamp) firsts.set(subject, e);
      }
    }
    if (firsts.size === 0) return [];
    // Records may arrive out of time order: an earlier sighting moves first_at back, never creates news.
    const upserted = await context.query<{ subject: string; inserted: boolean }>(
      `INSERT INTO detection_first_seen AS target (environment, subject, first_at, first_seq)
       SELECT $1, r.subject, r.first_at, r.first_seq FROM jsonb_to_recordset($2::jsonb) AS r(subject text, first_at timestamptz, first_seq bigint)
       ON CONFLICT (environment, subject) DO UPDATE SET first_at = EXCLUDED.first_at, first_seq = EXCLUDED.first_seq WHERE EXCLUDED.first_at < target.first_at
       RETURNING subject, (xmax = 0) AS inserted`,
      [context.environment, JSON.stringify([...firsts].map(([subject, e]) => ({ subject, first_at: e.timestamp.toISOString(), first_seq: e.seq })))]);
    const news = upserted.filter((row) => row.inserted && /^(user|agent)_tool:/.test(row.subject)).map((row) => row.subject);
    if (news.length === 0) return [];
    const [entities, counts] = await Promise.all([
      context.query<{ subject: string; first_at: Date }>(
        'SELECT subject, first_at FROM detection_first_seen WHERE environment = $1 AND subject = ANY($2::text[])',
        [context.environment, [...new Set(news.map((subject) => subject.replace(/^(user|agent)_tool:([^|]*)\|.*$/, '$1:$2')))]]),
      context.query<{ kind: string; tool: string | null; n: string }>(
        `SELECT split_part(subject, ':', 1) AS kind, CASE WHEN subject LIKE '%\\_tool:%' THEN substr(subject, strpos(subject, '|') + 1) END AS tool, count(*) AS n
         FROM detection_first_seen WHERE environment = $1 AND subject ~ '^(user|agent)(_tool)?:' GROUP BY 1, 2`, [context.environment]),
    ]);
    const firstAt = new Map(entities.map((row) => [row.subject, row.first_at.getTime()]));
    const population = (kind: string) => Number(counts.find((row) => row.kind === kind && row.tool === null)?.n ?? 0);
    const users = (kind: string, tool: string) => Number(counts.find((row) => row.kind === `${kind}_tool` && row.tool === tool)?.n ?? 0);
    const findings: RaiseAlertInput[] = [];
    for (const subject of news) {
      const [, kind, who, tool] = /^(user|agent)_tool:([^|]*)\|(.*)$/.exec(subject)!;
      const e = firsts.get(subject)!;
      const since = firstAt.get(`${kind}:${who}`);
      if (since === undefined || e.timestamp.getTime() - since < FIRST_USE_LEARNING_MS) continue;
      const total = population(kind!);
      const usedBy = users(kind!, tool!);
      if (total === 0 || usedBy / total > UNCOMMON_SHARE) continue;
      const days = Math.floor((e.timestamp.getTime() - since) / 86_400_000);
      findings.push({
        detector: 'first_use', environment: context.environment, severity: kind === 'agent' ? 'medium' : 'low',
        title: `First use of ${tool} by ${kind} ${who}`,
        explanation: `${callLabel(e)}: ${kind} ${who} has been active for ${days >= 1 ? `${days} day(s)` : `${Math.round((e.timestamp.getTime() - since) / 3_600_000)} h`} without calling ${tool}; only ${usedBy} of ${total} ${kind}s have ever used it.`,
        evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `first_use|${subject}`,
      });
    }
    return findings;
  },
};
