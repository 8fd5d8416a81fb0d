import { randomBytes } from 'node:crypto';
import { recordConsoleAction, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import { callCases, type CallReport } from './callCases';
import { collectRecordedCalls, type RecordedCall } from './collectEvidence';
import { mintDryRunToken, revokeDryRunToken, type DryRunToken } from './dryRunToken';
import { evaluateCase, type CaseVerdict } from './evaluateCase';
import { getReleaseFacts, type ReleaseFacts } from './getReleaseTools';
import { likelyCauseFor } from './likelyCause';
import { executionLink } from './links';
import { configuredStagingTarget, type McpTarget } from './mcpTarget';
import { attachReleaseSuites, casesOf, type RunnableCase } from './releaseSuites';

export interface RunReleaseOptions {
  releaseId: string;
  /** Warden's base URL, where the staging server's recorder sends the run's records. */
  wardenUrl: string;
  /** Default: the configured staging target (configuredStagingTarget). */
  target?: McpTarget;
  trigger: 'cli' | 'console' | 'api';
  actor: ConsoleActor;
  caseTimeoutMs?: number;
  /** How long to wait for the run's records to be ingested. */
  evidenceTimeoutMs?: number;
}

export interface RunReleaseReport {
  runId: string;
  status: 'passed' | 'failed' | 'error';
  summary: string;
  passed: number;
  failed: number;
  errored: number;
  tokenPrefix: string | null;
}

export class RunRefusedError extends Error {}

type Verdict = CaseVerdict & { record: RecordedCall | undefined; durationMs: number | null; toolVersion: string | null; output: string };

function judge(testCase: RunnableCase, release: ReleaseFacts, report: CallReport, records: Map<string, RecordedCall>): Verdict {
  const observed = report.results.find((result) => result.caseId === testCase.id)!;
  const record = observed.spanId ? records.get(observed.spanId) : undefined;
  const tool = release.tools.find((candidate) => candidate.name === testCase.target);
  const served = report.serverToolVersions[testCase.target];
  const base = { record, durationMs: record?.durationMs ?? observed.durationMs, toolVersion: tool?.version ?? null, output: observed.text.slice(0, 4000) };
  if (testCase.method !== 'prompts/get' && tool && served !== undefined && served !== tool.version) {
    return { ...base, outcome: 'error', reasons: [`the staging server serves ${tool.name} ${served}, the release has ${tool.version}: deploy the release to staging first`] };
  }
  const verdict = evaluateCase(testCase.expect, {
    text: observed.text, structured: observed.structured, isError: observed.isError, error: observed.error,
    durationMs: record?.durationMs ?? observed.durationMs, descriptions: observed.descriptions,
    sideEffects: observed.spanId === null ? [] : record ? record.sideEffects : null,
  }, tool?.outputSchema ?? null, testCase.kind);
  return { ...verdict, ...base };
}

/**
 * `warden test run`: runs every case of the release's suites against the staging MCP server with a
 * dry-run token, finds each call's execution record, judges it and stores a result per case.
 * The run row exists from the start (status running), so a crash leaves a visible, non-passing run.
 */
export async function runReleaseSuites(options: RunReleaseOptions): Promise<RunReleaseReport> {
  const release = await getReleaseFacts(options.releaseId);
  if (!release) throw new RunRefusedError(`release ${options.releaseId} does not exist`);
  const suiteVersionIds = await attachReleaseSuites(release, options.actor.label);
  const cases = (await casesOf(suiteVersionIds)).filter((testCase) =>
    testCase.method === 'prompts/get' ? release.prompts.some((prompt) => prompt.name === testCase.target) : release.tools.some((tool) => tool.name === testCase.target));
  const target = options.target ?? configuredStagingTarget(Object.fromEntries(release.tools.map((tool) => [tool.name, tool.version])));
  const traceId = randomBytes(16).toString('hex');
  const run = await db().testRun.create({
    data: { releaseId: release.id, trigger: options.trigger, startedBy: options.actor.label, startedById: options.actor.id, target: target.label, traceId },
  });
  await recordConsoleAction({ actor: options.actor, action: 'test_run.started', target: `release:${release.id}`, details: { run_id: run.id, release: release.name, target: target.label, cases: cases.length } });
  let token: DryRunToken | null = null;
  try {
    if (cases.length === 0) return await finish(run.id, options, release, 'error', 'no suite covers a tool or prompt of this release: add a suite, then run again', [], null);
    token = await mintDryRunToken(run.id, options.actor);
    const report = await callCases(target, { runId: run.id, releaseId: release.id, traceId, token: token.token, wardenUrl: options.wardenUrl }, cases, options.caseTimeoutMs);
    const calls = report.results.filter((result) => result.spanId !== null).length;
    const records = await collectRecordedCalls(traceId, run.startedAt, calls, options.evidenceTimeoutMs);
    const verdicts = cases.map((testCase) => ({ testCase, verdict: judge(testCase, release, report, records) }));
    const rows = [];
    for (const { testCase, verdict } of verdicts) {
      const cause = verdict.outcome !== 'passed' && verdict.toolVersion ? await likelyCauseFor(release.id, testCase.target, verdict.toolVersion) : null;
      rows.push({
        runId: run.id, caseId: testCase.id, caseName: testCase.name, kind: testCase.kind, target: testCase.target, outcome: verdict.outcome,
        reasons: verdict.reasons, durationMs: verdict.durationMs, executionSeq: verdict.record?.seq ?? null, toolVersion: verdict.toolVersion,
        evidence: {
          suite: testCase.suite, suiteVersion: testCase.suiteVersion, method: testCase.method, input: testCase.input, output: verdict.output,
          sideEffects: verdict.record?.sideEffects ?? null, execution: verdict.record ? executionLink('staging', verdict.record.seq) : null,
          servedVersion: report.serverToolVersions[testCase.target] ?? null, likelyCause: cause,
        } as object,
      });
    }
    await db().testCaseResult.createMany({ data: rows });
    const failed = rows.filter((row) => row.outcome === 'failed').length;
    const errored = rows.filter((row) => row.outcome === 'error').length;
    const status = failed + errored === 0 ? 'passed' : 'failed';
    const summary = status === 'passed'
      ? `${rows.length} of ${rows.length} cases passed against ${report.serverInfo}`
      : `${failed} failed, ${errored} could not be judged, ${rows.length - failed - errored} passed of ${rows.length} cases against ${report.serverInfo}`;
    return await finish(run.id, options, release, status, summary, rows, token);
  } catch (error) {
    return await finish(run.id, options, release, 'error', `the run stopped: ${(error as Error).message}`, [], token);
  } finally {
    if (token) await revokeDryRunToken(token, options.actor, run.id);
  }
}

async function finish(
  runId: string, options: RunReleaseOptions, release: ReleaseFacts, status: 'passed' | 'failed' | 'error', summary: string,
  rows: Array<{ outcome: string }>, token: DryRunToken | null,
): Promise<RunReleaseReport> {
  const passed = rows.filter((row) => row.outcome === 'passed').length;
  const failed = rows.filter((row) => row.outcome === 'failed').length;
  const errored = rows.filter((row) => row.outcome === 'error').length;
  await db().testRun.update({ where: { id: runId }, data: { status, summary, passed, failed, errored, tokenPrefix: token?.prefix ?? null, finishedAt: new Date() } });
  await recordConsoleAction({ actor: options.actor, action: 'test_run.finished', target: `release:${release.id}`, details: { run_id: runId, status, passed, failed, errored } });
  return { runId, status, summary, passed, failed, errored, tokenPrefix: token?.prefix ?? null };
}
