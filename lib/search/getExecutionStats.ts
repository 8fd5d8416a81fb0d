import { db } from '../db/client';
import type { Environment } from '../environment';

export interface ExecutionStats {
  executions: number;
  quarantined: number;
  /** Next sequence number of the environment's log: every stored record, both kinds. */
  logSize: number;
  latestTimestamp: Date | null;
}

/** Counts for one environment's log, read from the log head and the two record tables. */
export async function getExecutionStats(environment: Environment): Promise<ExecutionStats> {
  const [executions, quarantined, head, latest] = await Promise.all([
    db().execution.count({ where: { environment } }),
    db().quarantinedLine.count({ where: { environment } }),
    db().logHead.findUnique({ where: { environment } }),
    db().execution.findFirst({ where: { environment }, orderBy: { timestamp: 'desc' }, select: { timestamp: true } }),
  ]);
  return { executions, quarantined, logSize: Number(head?.nextSeq ?? 0), latestTimestamp: latest?.timestamp ?? null };
}
