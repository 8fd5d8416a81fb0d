import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { AdminTabs } from '@/components/admin/AdminTabs';
import { LaunchProfileView } from '@/components/admin/LaunchProfileView';
import { PolicyForm } from '@/components/admin/PolicyForm';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { launchProfile, listAgentPolicyVersions } from '@/lib/policies';
import { SCOPES } from '@/lib/tokens';
import { savePolicyAction } from '../actions';

export const metadata: Metadata = { title: 'Admin · Agent policy' };

async function Policy({ agentId }: { agentId: string }) {
  const versions = await listAgentPolicyVersions(agentId);
  const latest = versions[0];
  if (!latest) redirect('/admin/policies');
  return (
    <div className="space-y-6">
      <PolicyForm action={savePolicyAction} initial={latest} scopes={[...SCOPES]} />
      <LaunchProfileView profile={launchProfile(latest)} />
      <section aria-label="History" className="rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">History</h2>
        <ol className="mt-2 space-y-2 text-sm" data-testid="policy-history">
          {versions.map((version) => (
            <li key={version.id} className="border-t border-slate-100 pt-2">
              <strong>v{version.version}</strong> · {version.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC · {version.createdBy}
              {version.note && <span className="text-slate-600"> — {version.note}</span>}
              <div className="text-xs text-slate-500">tools: {version.allowedTools.join(', ') || 'none'} · roots: {version.allowedFileRoots.join(', ') || 'none'}
                {version.writableFileRoots.length > 0 && ` (writable: ${version.writableFileRoots.join(', ')})`} · hosts: {version.allowedEgressHosts.join(', ') || 'none'} · scopes: {version.maxScopes.join(', ') || 'none'}</div>
            </li>
          ))}
        </ol>
        <Link className="mt-3 inline-block text-sm text-sky-700 hover:underline" href={`/admin/audit?target=${encodeURIComponent(`policy:${agentId}`)}`}>Changes in the audit log</Link>
      </section>
    </div>
  );
}

export default async function PolicyPage({ params }: { params: Promise<{ agentId: string }> }) {
  await requireRole('admin');
  const raw = (await params).agentId;
  let agentId = raw;
  try {
    agentId = decodeURIComponent(raw);
  } catch {
    // already decoded and holding a bare %
  }
  return (
    <>
      <PageHeader title={`Agent policy: ${agentId}`} description="Each change is saved as a new version; alerts name the version that was in force." />
      <AdminTabs active="/admin/policies" />
      <Suspense fallback={<SectionSkeleton />}>
        <Policy agentId={agentId} />
      </Suspense>
    </>
  );
}
