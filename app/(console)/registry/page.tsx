import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';

export const metadata: Metadata = { title: 'Registry' };

export default async function RegistryPage() {
  await requireRole('analyst');
  return (
    <>
      <PageHeader title="Registry"
        description="Tool manifests under semver, model configs with fallbacks and release bundles. Staging → production promotion passes regression and safety gates and is approved by a lead other than the requester." />
      <EmptyState title="No tools or releases yet" steps={[
        'Describe each tool in a manifest (input and output JSON Schema, annotations) in its repository.',
        <>Push manifests from CI with a staging <code>registry:write</code> token; breaking changes need a major version.</>,
        'Bundle tool, prompt and model versions into a release, test it in staging, then request promotion.',
      ]} />
    </>
  );
}
