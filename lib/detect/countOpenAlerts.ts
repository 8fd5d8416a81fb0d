import { pool } from '../db/pool';
import type { Environment } from '../environment';
import { SEVERITIES, type Severity } from './types';

/**
 * Contract C1: alerts not yet closed (status open or acknowledged) in an environment. `severity`
 * counts that severity and above (a gate on 'high' also counts critical); `tools` keeps alerts whose
 * subject is one of those tools.
 */
export async function countOpenAlerts(filter: { environment: Environment; severity?: Severity; tools?: string[] }): Promise<number> {
  const severities = filter.severity ? SEVERITIES.slice(SEVERITIES.indexOf(filter.severity)) : SEVERITIES;
  const { rows } = await pool().query<{ n: string }>(
    `SELECT count(*) AS n FROM alerts WHERE environment = $1 AND status IN ('open', 'acknowledged')
       AND severity = ANY($2::"AlertSeverity"[]) AND ($3::text[] IS NULL OR subject_tool = ANY($3::text[]))`,
    [filter.environment, severities, filter.tools ?? null]);
  return Number(rows[0]!.n);
}
