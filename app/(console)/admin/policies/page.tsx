import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AdminTabs } from '@/components/admin/AdminTabs';
import { PolicyForm } from '@/components/admin/PolicyForm';
import { PolicyList } from '@/components/admin/PolicyList';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { listAgentPolicies } from '@/lib/policies';
import { SCOPES } from '@/lib/tokens';
import { savePolicyAction } from './actions';

export const metadata: Metadata = { title: 'Admin · Agent policies' };

async function Policies() {
  const policies = await listAgentPolicies();
  return <PolicyList policies={policies.map((policy) => ({ ...policy, createdAt: policy.createdAt.toISOString() }))} />;
}

export default async function PoliciesPage() {
  await requireRole('admin');
  return (
    <>
      <PageHeader title="Admin" description="Least privilege per agent: the tools it may call, the directories it may touch, the hosts it may reach and the most a token for it may do. Detections raise an alert naming the rule when an agent steps outside; each policy yields a container launch profile." />
      <AdminTabs active="/admin/policies" />
      <div className="space-y-6">
        <Suspense fallback={<SectionSkeleton />}>
          <Policies />
        </Suspense>
        <PolicyForm action={savePolicyAction} initial={null} scopes={[...SCOPES]} />
      </div>
    </>
  );
}
