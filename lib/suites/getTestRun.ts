import { db } from '../db/client';

export interface TestRunCase {
  id: string;
  caseId: string;
  caseName: string;
  kind: 'regression' | 'attack';
  target: string;
  outcome: 'passed' | 'failed' | 'error';
  reasons: string[];
  durationMs: number | null;
  executionSeq: string | null;
  toolVersion: string | null;
  suite: string;
  suiteVersion: number | null;
  input: unknown;
  output: string | null;
  sideEffects: Array<{ kind: string; target: string }> | null;
  likelyCause: { tool: string; from: string | null; to: string; link: string; explanation: string } | null;
}

export interface TestRunView {
  id: string;
  releaseId: string;
  releaseName: string;
  status: 'running' | 'passed' | 'failed' | 'error';
  trigger: string;
  startedBy: string;
  target: string;
  traceId: string;
  tokenPrefix: string | null;
  summary: string | null;
  passed: number;
  failed: number;
  errored: number;
  startedAt: Date;
  finishedAt: Date | null;
  cases: TestRunCase[];
}

type Evidence = { suite?: string; suiteVersion?: number; input?: unknown; output?: string; sideEffects?: TestRunCase['sideEffects']; likelyCause?: TestRunCase['likelyCause'] };

/** One run with its per-case results and evidence; null when unknown. */
export async function getTestRun(runId: string): Promise<TestRunView | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(runId)) return null;
  const run = await db().testRun.findUnique({ where: { id: runId } });
  if (!run) return null;
  const release = await db().release.findUnique({ where: { id: run.releaseId }, select: { name: true } });
  const results = await db().testCaseResult.findMany({ where: { runId }, orderBy: { createdAt: 'asc' } });
  return {
    id: run.id, releaseId: run.releaseId, releaseName: release?.name ?? run.releaseId, status: run.status, trigger: run.trigger, startedBy: run.startedBy,
    target: run.target, traceId: run.traceId, tokenPrefix: run.tokenPrefix, summary: run.summary, passed: run.passed, failed: run.failed, errored: run.errored,
    startedAt: run.startedAt, finishedAt: run.finishedAt,
    cases: results.map((result) => {
      const evidence = (result.evidence ?? {}) as Evidence;
      return {
        id: result.id, caseId: result.caseId, caseName: result.caseName, kind: result.kind, target: result.target, outcome: result.outcome, reasons: result.reasons,
        durationMs: result.durationMs, executionSeq: result.executionSeq === null ? null : String(result.executionSeq), toolVersion: result.toolVersion,
        suite: evidence.suite ?? result.target, suiteVersion: evidence.suiteVersion ?? null, input: evidence.input ?? null, output: evidence.output ?? null,
        sideEffects: evidence.sideEffects ?? null, likelyCause: evidence.likelyCause ?? null,
      };
    }),
  };
}
