import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CaseList } from '@/components/cases/CaseList';
import { CreateCaseForm } from '@/components/cases/CreateCaseForm';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { CASE_STATUSES, listCases, type CaseStatus } from '@/lib/cases';
import { createCaseAction } from './actions';

export const metadata: Metadata = { title: 'Cases' };

async function Cases({ status }: { status: CaseStatus | undefined }) {
  const cases = await listCases({ status });
  const filters = [['Open', 'open'], ['Closed', 'closed'], ['All', 'all']].map(([label, value]) => ({
    label: label!, href: `/cases?status=${value}`, active: (status ?? 'all') === value,
  }));
  return (
    <CaseList filters={filters} cases={cases.map((item) => ({ ...item, createdAt: item.createdAt.toISOString(), updatedAt: item.updatedAt.toISOString() }))} />
  );
}

export default async function CasesPage({ searchParams }: { searchParams: Promise<{ status?: string | string[]; missing?: string | string[] }> }) {
  await requireRole('analyst');
  const { status: requested = 'open', missing } = await searchParams;
  const status = (CASE_STATUSES as readonly string[]).includes(String(requested)) ? (requested as CaseStatus) : undefined;
  return (
    <>
      <PageHeader title="Cases"
        description="Investigations: executions pinned as evidence, notes, open or closed. Every change is recorded in the console's tamper-evident log; share a case by its link." />
      {missing && <p role="alert" data-testid="missing-case" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">There is no case {String(missing)}: the link may be wrong.</p>}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Suspense fallback={<SectionSkeleton />}>
          <Cases status={status} />
        </Suspense>
        <CreateCaseForm action={createCaseAction} />
      </div>
    </>
  );
}
