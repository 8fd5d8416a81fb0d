import { db } from '../db/client';

export interface TestRunSummary {
  id: string;
  releaseId: string;
  releaseName: string;
  status: 'running' | 'passed' | 'failed' | 'error';
  summary: string | null;
  passed: number;
  failed: number;
  errored: number;
  trigger: string;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
}

/** The newest runs, optionally of one release. */
export async function listTestRuns(options: { releaseId?: string; limit?: number } = {}): Promise<TestRunSummary[]> {
  const runs = await db().testRun.findMany({
    where: options.releaseId ? { releaseId: options.releaseId } : {}, orderBy: { startedAt: 'desc' }, take: Math.min(options.limit ?? 20, 200),
  });
  const releases = await db().release.findMany({ where: { id: { in: [...new Set(runs.map((run) => run.releaseId))] } }, select: { id: true, name: true } });
  const names = new Map(releases.map((release) => [release.id, release.name]));
  return runs.map((run) => ({
    id: run.id, releaseId: run.releaseId, releaseName: names.get(run.releaseId) ?? run.releaseId, status: run.status, summary: run.summary,
    passed: run.passed, failed: run.failed, errored: run.errored, trigger: run.trigger, startedBy: run.startedBy, startedAt: run.startedAt, finishedAt: run.finishedAt,
  }));
}
