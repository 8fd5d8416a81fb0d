import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { OutcomeBadge } from '@/components/suites/OutcomeBadge';
import { RunCasesTable } from '@/components/suites/RunCasesTable';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { getReleaseGateResult, getTestRun } from '@/lib/suites';

export const metadata: Metadata = { title: 'Suite run' };

export default async function SuiteRunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('analyst');
  const { id } = await params;
  const run = await getTestRun(id);
  if (!run) redirect(`/suites?missingRun=${encodeURIComponent(id)}`);
  const gate = await getReleaseGateResult(run.releaseId);
  const facts: Array<[string, string]> = [
    ['Release', run.releaseName], ['Environment', 'staging'], ['Target', run.target], ['Started', `${run.startedAt.toISOString()} by ${run.startedBy} (${run.trigger})`],
    ['Finished', run.finishedAt?.toISOString() ?? 'still running'], ['Dry-run token', run.tokenPrefix ? `${run.tokenPrefix}… (staging only, revoked after the run)` : '—'], ['Trace id', run.traceId],
  ];
  return (
    <>
      <PageHeader title={`Suite run of ${run.releaseName}`} description={run.summary ?? 'Running…'}>
        <a href={`/api/v1/suites/runs/${run.id}/junit`} className="whitespace-nowrap rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50" download>JUnit XML</a>
      </PageHeader>
      <div className="mb-6 grid gap-6 lg:grid-cols-[1fr_24rem]">
        <dl className="grid grid-cols-[9rem_1fr] gap-y-1 rounded-xl border border-slate-200 bg-white p-5 text-sm">
          <dt className="text-slate-500">Result</dt>
          <dd data-testid="run-status"><OutcomeBadge outcome={run.status} /> {run.passed} passed, {run.failed} failed, {run.errored} not judged</dd>
          {facts.map(([label, value]) => [<dt key={`${label}-t`} className="text-slate-500">{label}</dt>, <dd key={`${label}-d`} className="break-all">{value}</dd>])}
          <dt className="text-slate-500">Calls</dt>
          <dd><Link className="text-sky-700 hover:underline" href={`/executions?env=staging&q=${encodeURIComponent(run.id)}`}>Search the run&apos;s executions</Link></dd>
        </dl>
        <div className="rounded-xl border border-slate-200 bg-white p-5 text-sm" data-testid="release-gate">
          <h2 className="mb-2 font-semibold">Promotion gate for {run.releaseName}</h2>
          <OutcomeBadge outcome={gate.status} />
          <p className="mt-2 text-slate-600">{gate.summary}</p>
          {gate.runId && gate.runId !== run.id && <p className="mt-2 text-xs text-slate-500">The gate reads the newer <Link className="text-sky-700 hover:underline" href={`/suites/runs/${gate.runId}`}>run {gate.runId.slice(0, 8)}</Link>.</p>}
          <Link href="/suites" className="mt-3 inline-block text-xs text-sky-700 hover:underline">All releases and runs</Link>
        </div>
      </div>
      <section className="rounded-xl border border-slate-200 bg-white p-5">
        <RunCasesTable cases={run.cases.map((testCase) => ({
          id: testCase.id, suite: testCase.suite, caseName: testCase.caseName, kind: testCase.kind, target: testCase.target, toolVersion: testCase.toolVersion,
          outcome: testCase.outcome, reasons: testCase.reasons, durationMs: testCase.durationMs, executionSeq: testCase.executionSeq,
          input: JSON.stringify(testCase.input), output: testCase.output, sideEffects: (testCase.sideEffects ?? []).map((effect) => `${effect.kind} → ${effect.target}`),
          likelyCause: testCase.likelyCause ? { link: testCase.likelyCause.link, explanation: testCase.likelyCause.explanation } : null,
        }))} />
      </section>
    </>
  );
}
