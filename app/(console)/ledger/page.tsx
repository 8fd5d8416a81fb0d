import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { Suspense } from 'react';
import { LedgerOverviewView } from '@/components/ledger/LedgerOverviewView';
import { LogTabs } from '@/components/ledger/LogTabs';
import { VerifyPanel } from '@/components/ledger/VerifyPanel';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { ENVIRONMENT_COOKIE, selectedEnvironment, type LedgerLog } from '@/lib/environment';
import { getLedgerOverview, latestVerification } from '@/lib/ledger';

export const metadata: Metadata = { title: 'Ledger' };

async function Overview({ environment }: { environment: LedgerLog }) {
  const [overview, verification] = await Promise.all([getLedgerOverview(environment), latestVerification(environment)]);
  return (
    <div className="space-y-6">
      <VerifyPanel environment={environment} initial={verification} />
      <LedgerOverviewView environment={environment} size={overview.size} signedNote={overview.latest?.signedNote ?? null}
        verifierKey={overview.verifierKey}
        history={overview.history.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }))} />
    </div>
  );
}

export default async function LedgerPage({ searchParams }: { searchParams: Promise<{ log?: string }> }) {
  await requireRole('analyst');
  const environment = selectedEnvironment(undefined, (await cookies()).get(ENVIRONMENT_COOKIE)?.value);
  const requested = (await searchParams).log;
  const log: LedgerLog = requested === 'console' ? 'console' : environment;
  return (
    <>
      <PageHeader title="Ledger"
        description="The tamper-evident log behind every record: a hash chain and RFC 6962 Merkle tree per environment — and one for the console's own actions — with Ed25519-signed checkpoints anyone can verify offline with the verifier key." />
      <LogTabs environment={environment} current={log} />
      <Suspense key={log} fallback={<SectionSkeleton />}>
        <Overview environment={log} />
      </Suspense>
    </>
  );
}
