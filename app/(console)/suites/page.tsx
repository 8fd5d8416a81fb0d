import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PassRateTrend } from '@/components/suites/PassRateTrend';
import { ReleaseGatesTable } from '@/components/suites/ReleaseGatesTable';
import { SuiteMatrixTable } from '@/components/suites/SuiteMatrixTable';
import { SuitesList } from '@/components/suites/SuitesList';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { hasRole } from '@/lib/auth/roles';
import { ATTACK_LIBRARY, getSuiteMatrix, listReleaseGates, listSuites } from '@/lib/suites';
import { runSuitesAction } from './actions';

export const metadata: Metadata = { title: 'Suites' };

async function Releases({ canRun }: { canRun: boolean }) {
  const releases = await listReleaseGates();
  return (
    <ReleaseGatesTable action={canRun ? runSuitesAction : null} releases={releases.map((release) => ({
      id: release.id, name: release.name, createdAt: release.createdAt.toISOString(), tools: release.tools,
      status: release.gate.status, summary: release.gate.summary, runId: release.gate.runId,
    }))} />
  );
}

async function Matrix() {
  const matrix = await getSuiteMatrix();
  return (
    <>
      <PassRateTrend points={matrix.columns.map((column) => ({ release: column.releaseName, passed: column.passed, failed: column.total - column.passed }))} />
      <SuiteMatrixTable matrix={{ columns: matrix.columns, rows: matrix.rows }} />
    </>
  );
}

async function Suites() {
  return <SuitesList suites={await listSuites()} />;
}

export default async function SuitesPage({ searchParams }: { searchParams: Promise<{ missingRun?: string | string[] }> }) {
  const user = await requireRole('analyst');
  const { missingRun } = await searchParams;
  const section = 'rounded-xl border border-slate-200 bg-white p-5';
  return (
    <>
      <PageHeader title="Suites"
        description="Regression and safety suites run each release against the staging MCP server with a staging-only dry-run token. Promotion to production needs every regression case passing and no attack succeeding." />
      {missingRun && <p role="alert" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">There is no suite run {String(missingRun)}: the link may be wrong.</p>}
      <div className="space-y-6">
        <section className={section} aria-labelledby="releases-heading">
          <h2 id="releases-heading" className="mb-3 text-lg font-semibold">Releases and their suite gate</h2>
          <Suspense fallback={<SectionSkeleton />}><Releases canRun={hasRole(user.role, 'lead')} /></Suspense>
        </section>
        <section className={section} aria-labelledby="matrix-heading">
          <h2 id="matrix-heading" className="mb-3 text-lg font-semibold">Pass/fail across releases</h2>
          <Suspense fallback={<SectionSkeleton />}><Matrix /></Suspense>
        </section>
        <div className="grid gap-6 lg:grid-cols-2">
          <section className={section} aria-labelledby="suites-heading">
            <h2 id="suites-heading" className="mb-3 text-lg font-semibold">Suites</h2>
            <Suspense fallback={<SectionSkeleton />}><Suites /></Suspense>
          </section>
          <section className={section} aria-labelledby="attacks-heading">
            <h2 id="attacks-heading" className="mb-3 text-lg font-semibold">Built-in attack library</h2>
            <ul className="space-y-2 text-sm">
              {ATTACK_LIBRARY.map((attack) => (
                <li key={attack.id}><span className="font-mono text-xs">{attack.id}</span> — <span className="font-medium">{attack.title}</span><div className="text-xs text-slate-600">{attack.explanation}</div></li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </>
  );
}
