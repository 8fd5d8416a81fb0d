import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ActionButton, RequestPromotionForm } from '@/components/registry/RegistryForms';
import { Section, TABLE, TD, TH, when } from '@/components/registry/RegistryTables';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/server';
import { listReleases } from '@/lib/registry';
import { deployToStagingAction, requestPromotionAction } from '../../actions';

export const metadata: Metadata = { title: 'Release' };

export default async function ReleasePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole('analyst');
  const { id } = await params;
  const release = (await listReleases(1000)).find((candidate) => candidate.id === id);
  if (!release) redirect(`/registry?missing=release`);
  const canWrite = hasRole(user.role, 'lead');
  return (
    <>
      <PageHeader title={`Release ${release.name}`} description={release.notes || 'No release notes.'} />
      <Section title="Bundle" testId="release-bundle">
        <p className="mb-2 text-sm text-slate-600">Created by {release.createdBy} · {when(release.createdAt)} · content hash <span className="font-mono text-xs">{release.contentHash}</span> · live in {release.liveIn.join(', ') || 'no environment'}</p>
        <table className={TABLE}>
          <thead><tr><th className={TH}>Kind</th><th className={TH}>Name</th><th className={TH}>Version</th><th className={TH}>Hash</th></tr></thead>
          <tbody>
            {release.tools.map((tool) => (
              <tr key={tool.toolVersionId}><td className={TD}>tool</td><td className={TD}><Link className="text-sky-700 hover:underline" href={`/registry/tools/${encodeURIComponent(tool.name)}`}>{tool.name}</Link></td><td className={TD}>{tool.version}</td><td className={`${TD} font-mono text-xs`}>input schema {tool.inputSchemaHash.slice(0, 16)}…</td></tr>
            ))}
            {release.prompts.map((prompt) => (
              <tr key={prompt.promptVersionId}><td className={TD}>prompt</td><td className={TD}>{prompt.name}</td><td className={TD}>v{prompt.version}</td><td className={`${TD} font-mono text-xs`}>{prompt.checksum.slice(0, 16)}…</td></tr>
            ))}
            {release.modelConfig && (
              <tr><td className={TD}>model config</td><td className={TD}>{release.modelConfig.name}</td><td className={TD}>v{release.modelConfig.version}</td><td className={TD}>{release.modelConfig.provider}/{release.modelConfig.modelId}{release.modelConfig.fallbacks.length > 0 && ` → ${release.modelConfig.fallbacks.map((fallback) => `${fallback.provider}/${fallback.modelId}`).join(' → ')}`}</td></tr>
            )}
            {release.policyVersions.map((policy) => (
              <tr key={policy.policyId}><td className={TD}>agent policy</td><td className={TD}>{policy.agentId}</td><td className={TD}>v{policy.version}</td><td className={TD} /></tr>
            ))}
          </tbody>
        </table>
      </Section>
      {canWrite && (
        <Section title="Ship it" testId="release-actions">
          <div className="grid gap-6 md:grid-cols-2">
            <div>
              <h3 className="mb-2 font-medium">Staging</h3>
              {release.liveIn.includes('staging') ? <p className="text-sm text-slate-600">Live in staging: suites run and the soak clock ticks there.</p>
                : <ActionButton action={deployToStagingAction} hidden={{ releaseId: release.id }} label="Deploy to staging" />}
            </div>
            <div>
              <h3 className="mb-2 font-medium">Production</h3>
              {release.liveIn.includes('production') ? <p className="text-sm text-slate-600">Production runs this release.</p>
                : release.openPromotionId ? <Link href={`/registry/promotions/${release.openPromotionId}`} className="text-sky-700 hover:underline">Open promotion request</Link>
                : <RequestPromotionForm action={requestPromotionAction} releaseId={release.id} />}
            </div>
          </div>
        </Section>
      )}
    </>
  );
}
