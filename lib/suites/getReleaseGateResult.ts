import { db } from '../db/client';
import type { ReleaseGateFailure, ReleaseGateResult } from './gateTypes';
import { executionLink, runLink } from './links';

/**
 * The promotion gate (C5): the latest finished staging run of the release passes when every regression
 * case passed and no attack case shows the attack succeeding. A run still going, or none at all, is
 * `missing` — never a pass.
 */
export async function getReleaseGateResult(releaseId: string): Promise<ReleaseGateResult> {
  const run = await db().testRun.findFirst({
    where: { releaseId, environment: 'staging', status: { not: 'running' } },
    orderBy: { startedAt: 'desc' },
  });
  if (!run) {
    return { status: 'missing', runId: null, summary: `Run \`warden test run --release ${releaseId} --env staging\` or Run suites on the release's page.`, failures: [] };
  }
  const results = await db().testCaseResult.findMany({ where: { runId: run.id }, orderBy: { createdAt: 'asc' } });
  const failures: ReleaseGateFailure[] = results.filter((result) => result.outcome !== 'passed').map((result) => ({
    caseName: result.caseName,
    kind: result.kind,
    reason: result.reasons.join('; ') || (result.outcome === 'error' ? 'the case could not be run' : 'failed'),
    executionLink: result.executionSeq === null ? null : executionLink('staging', result.executionSeq),
    diffLink: likelyCauseLink(result.evidence),
  }));
  if (results.length === 0) {
    return { status: 'failed', runId: run.id, summary: `Run ${run.id.slice(0, 8)} had no cases: a release is only gated by a suite that tests it (${runLink(run.id)}).`, failures };
  }
  if (run.status === 'error' && failures.length === 0) {
    failures.push({ caseName: '(run)', kind: 'regression', reason: run.summary ?? 'the run stopped with an error', executionLink: null, diffLink: null });
  }
  const attacks = failures.filter((failure) => failure.kind === 'attack').length;
  const regressions = failures.length - attacks;
  if (failures.length === 0) {
    return { status: 'passed', runId: run.id, summary: `All ${results.length} cases passed in run ${run.id.slice(0, 8)} (${run.startedAt.toISOString()}).`, failures };
  }
  const parts = [regressions ? `${regressions} regression case${regressions === 1 ? '' : 's'} failed` : '', attacks ? `${attacks} attack${attacks === 1 ? '' : 's'} succeeded` : ''].filter(Boolean);
  return { status: 'failed', runId: run.id, summary: `${parts.join(', ')} in run ${run.id.slice(0, 8)} of ${results.length} cases.`, failures };
}

function likelyCauseLink(evidence: unknown): string | null {
  if (typeof evidence !== 'object' || evidence === null) return null;
  const link = (evidence as { likelyCause?: { link?: unknown } }).likelyCause?.link;
  return typeof link === 'string' ? link : null;
}
