import { round } from '../stats/robust';
import type { DetectionExecution, Detector, RaiseAlertInput } from '../types';

/**
 * A user needs this many calls on at least OFF_HOURS_MIN_DAYS days before their usual hours are
 * known. Calls come in sessions of a dozen or more, so 150 calls were only about ten sessions — too
 * few to call an empty band unusual (benign demo users crossed it after two or three days).
 */
export const OFF_HOURS_MIN_CALLS = 250;
export const OFF_HOURS_MIN_DAYS = 2;
/**
 * Hours either side of the call's hour that make up its band of the day. ±3 h rather than ±1 h:
 * people who sometimes work nights spread those calls thinly over the night, and a narrow band
 * empty by chance flagged them (4 % of benign demo sessions); a seven-hour band empty over two
 * weeks is a real change of rhythm.
 */
export const OFF_HOURS_BAND_HOURS = 3;
/** Calls in the band, as a share of the user's calls, below which it is off-hours. */
export const OFF_HOURS_MAX_SHARE = 0.005;
const LOOKBACK_DAYS = 14;

/**
 * Activity outside a user's usual hours, learned from the per-hour user rollup over the previous
 * 14 days (UTC, so time zones need no configuration): the hour of day ±3 h held under 0.5 % of the
 * user's calls. One alert per user and day; low severity — a signal to look, not an incident.
 */
export const offHours: Detector = {
  name: 'off_hours',
  label: 'Off-hours activity',
  description: `Calls by a user at a time of day (±${OFF_HOURS_BAND_HOURS} h) that held under ${OFF_HOURS_MAX_SHARE * 100} % of their calls over the previous ${LOOKBACK_DAYS} days (at least ${OFF_HOURS_MIN_CALLS} calls on ${OFF_HOURS_MIN_DAYS}+ days).`,
  kind: 'statistical',
  async detect(executions, context) {
    const groups = new Map<string, DetectionExecution[]>();
    for (const e of executions) {
      if (!e.userId) continue;
      const hour = e.timestamp.getTime() - (e.timestamp.getTime() % 3_600_000);
      const key = `${e.userId}\u0000${hour}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    if (groups.size === 0) return [];
    const pairs = [...groups.keys()].map((key) => {
      const [user, hour] = key.split('\u0000');
      return { user_id: user, hour: new Date(Number(hour)).toISOString() };
    });
    const rows = await context.query<{ user_id: string; hour: Date; total: string; band: string; days: string }>(
      `SELECT p.user_id, p.hour, coalesce(sum(u.calls), 0) AS total, count(DISTINCT date_trunc('day', u.hour)) AS days,
         coalesce(sum(u.calls) FILTER (WHERE least(((extract(hour FROM u.hour) - extract(hour FROM p.hour))::int % 24 + 24) % 24,
           24 - ((extract(hour FROM u.hour) - extract(hour FROM p.hour))::int % 24 + 24) % 24) <= ${OFF_HOURS_BAND_HOURS}), 0) AS band
       FROM jsonb_to_recordset($2::jsonb) AS p(user_id text, hour timestamptz)
       LEFT JOIN rollup_user_hours u ON u.environment = $1 AND u.user_id = p.user_id
         AND u.hour >= p.hour - interval '${LOOKBACK_DAYS} days' AND u.hour < p.hour - interval '1 hour'
       GROUP BY p.user_id, p.hour`, [context.environment, JSON.stringify(pairs)]);
    const findings: RaiseAlertInput[] = [];
    for (const row of rows) {
      const total = Number(row.total);
      const band = Number(row.band);
      if (total < OFF_HOURS_MIN_CALLS || Number(row.days) < OFF_HOURS_MIN_DAYS || band / total >= OFF_HOURS_MAX_SHARE) continue;
      const calls = groups.get(`${row.user_id}\u0000${row.hour.getTime()}`)!;
      const hour = row.hour.getUTCHours();
      findings.push({
        detector: 'off_hours', environment: context.environment, severity: 'low',
        title: `Off-hours activity by ${row.user_id}`,
        explanation: `${calls.length} call(s) between ${String(hour).padStart(2, '0')}:00 and ${String((hour + 1) % 24).padStart(2, '0')}:00 UTC; ${row.user_id} made ${band} of ${total} calls (${round((100 * band) / total)} %) within ${OFF_HOURS_BAND_HOURS} hours of that time over the previous ${LOOKBACK_DAYS} days.`,
        evidenceSeqs: calls.map((e) => e.seq), subject: { user: row.user_id },
        dedupeKey: `off_hours|${row.user_id}|${row.hour.toISOString().slice(0, 10)}`,
      });
    }
    return findings;
  },
};
