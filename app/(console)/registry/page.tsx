import type { Metadata } from 'next';
import Link from 'next/link';
import { ReleaseForm, ModelConfigForm, RegisterToolForm } from '@/components/registry/RegistryForms';
import { ReleaseLink, Section, StatusBadge, TABLE, TD, TH, when } from '@/components/registry/RegistryTables';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/server';
import { getActiveRelease, listModelConfigs, listPromptOptions, listPromotions, listReleases, listTools } from '@/lib/registry';
import { createModelConfigAction, createReleaseAction, registerToolAction } from './actions';

export const metadata: Metadata = { title: 'Registry' };

const MISSING: Record<string, string> = { release: 'No such release.', promotion: 'No such promotion request.', tool: 'No such tool.', environment: 'No such environment.' };

export default async function RegistryPage({ searchParams }: { searchParams: Promise<{ missing?: string }> }) {
  const user = await requireRole('analyst');
  const missing = MISSING[(await searchParams).missing ?? ''];
  const canWrite = hasRole(user.role, 'lead');
  const [tools, models, releases, promotions, staging, production, prompts] = await Promise.all([
    listTools(), listModelConfigs(), listReleases(), listPromotions(30), getActiveRelease('staging'), getActiveRelease('production'), listPromptOptions(),
  ]);
  const open = promotions.filter((promotion) => promotion.status === 'requested' || promotion.status === 'approved');
  return (
    <>
      <PageHeader title="Registry"
        description="Tool manifests under semver, model configs with fallbacks and release bundles. Staging → production promotion passes its gates and is approved by a lead other than the requester; rollback is one click." />
      {missing && <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm">{missing}</p>}
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        {([['staging', staging], ['production', production]] as const).map(([environment, active]) => (
          <Link key={environment} href={`/registry/environments/${environment}`} data-testid={`env-${environment}`}
            className="rounded-xl border border-slate-200 bg-white p-4 hover:border-sky-400">
            <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{environment}</div>
            {active ? (
              <>
                <div className="mt-1 text-lg font-semibold" data-testid={`active-${environment}`}>{active.release.name}</div>
                <div className="text-sm text-slate-600">{active.deployment.kind.replace('_', ' ')} by {active.deployment.actor} · {when(active.deployment.createdAt)}</div>
                {active.model && <div className="text-sm text-slate-600">model {active.model.provider}/{active.model.modelId}{active.model.fallbackIndex !== null ? ` (fallback ${active.model.fallbackIndex + 1})` : ''}</div>}
              </>
            ) : <div className="mt-1 text-slate-500" data-testid={`active-${environment}`}>No release yet</div>}
          </Link>
        ))}
      </div>

      {open.length > 0 && (
        <Section title="Open promotion requests" testId="open-promotions">
          <table className={TABLE}>
            <thead><tr><th className={TH}>Release</th><th className={TH}>Status</th><th className={TH}>Requested by</th><th className={TH}>Approvals</th><th className={TH}>Expires</th></tr></thead>
            <tbody>{open.map((promotion) => (
              <tr key={promotion.id}>
                <td className={TD}><Link href={`/registry/promotions/${promotion.id}`} className="font-medium text-sky-700 hover:underline">{promotion.releaseName}</Link></td>
                <td className={TD}><StatusBadge status={promotion.status} /></td>
                <td className={TD}>{promotion.requestedBy}</td>
                <td className={TD}>{promotion.approvals} of {promotion.requiredApprovals}</td>
                <td className={TD}>{when(promotion.expiresAt)}</td>
              </tr>
            ))}</tbody>
          </table>
        </Section>
      )}

      <Section title="Releases" testId="releases">
        {releases.length === 0 ? <p className="text-sm text-slate-500">No releases yet: bundle registered tool, prompt and model versions below.</p> : (
          <table className={TABLE}>
            <thead><tr><th className={TH}>Release</th><th className={TH}>Tools</th><th className={TH}>Prompts</th><th className={TH}>Model</th><th className={TH}>Live in</th><th className={TH}>Created</th></tr></thead>
            <tbody>{releases.map((release) => (
              <tr key={release.id}>
                <td className={TD}><ReleaseLink id={release.id} name={release.name} /></td>
                <td className={TD}>{release.tools.map((tool) => `${tool.name}@${tool.version}`).join(', ') || '—'}</td>
                <td className={TD}>{release.prompts.map((prompt) => `${prompt.name} v${prompt.version}`).join(', ') || '—'}</td>
                <td className={TD}>{release.modelConfig ? `${release.modelConfig.name} v${release.modelConfig.version}` : '—'}</td>
                <td className={TD}>{release.liveIn.join(', ') || '—'}{release.openPromotionId && <> · <Link href={`/registry/promotions/${release.openPromotionId}`} className="text-sky-700 hover:underline">promotion open</Link></>}</td>
                <td className={TD}>{release.createdBy} · {when(release.createdAt)}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </Section>

      <Section title="Tools" testId="tools">
        {tools.length === 0 ? (
          <EmptyState title="No tools yet" steps={[
            'Describe each tool in a manifest (input and output JSON Schema, annotations) in its repository.',
            <>Push manifests from CI: <code>npx warden tool push tools/ --token wdn_staging_…</code> (a staging <code>registry:write</code> token); breaking changes need a major version.</>,
            'Bundle tool, prompt and model versions into a release, test it in staging, then request promotion.',
          ]} />
        ) : (
          <table className={TABLE}>
            <thead><tr><th className={TH}>Tool</th><th className={TH}>Owner</th><th className={TH}>Latest</th><th className={TH}>Versions</th><th className={TH}>Input schema hash</th></tr></thead>
            <tbody>{tools.map((tool) => (
              <tr key={tool.id}>
                <td className={TD}><Link href={`/registry/tools/${encodeURIComponent(tool.name)}`} className="font-medium text-sky-700 hover:underline">{tool.name}</Link></td>
                <td className={TD}>{tool.owner}</td>
                <td className={TD}>{tool.versions[0]?.version}</td>
                <td className={TD}>{tool.versions.map((version) => version.version).join(', ')}</td>
                <td className={`${TD} font-mono text-xs`}>{tool.versions[0]?.inputSchemaHash.slice(0, 16)}…</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </Section>

      <Section title="Model configs" testId="model-configs">
        {models.length === 0 ? <p className="text-sm text-slate-500">No model configs yet.</p> : (
          <table className={TABLE}>
            <thead><tr><th className={TH}>Config</th><th className={TH}>Version</th><th className={TH}>Model</th><th className={TH}>Parameters</th><th className={TH}>Fallbacks, in order</th></tr></thead>
            <tbody>{models.flatMap((model) => model.versions.map((version) => (
              <tr key={version.id}>
                <td className={TD}>{model.name}</td>
                <td className={TD}>v{version.version}</td>
                <td className={TD}>{version.provider}/{version.modelId}</td>
                <td className={`${TD} font-mono text-xs`}>{JSON.stringify(version.parameters)}</td>
                <td className={TD}>{version.fallbacks.map((fallback) => `${fallback.provider}/${fallback.modelId}`).join(' → ') || '—'}</td>
              </tr>
            )))}</tbody>
          </table>
        )}
      </Section>

      {canWrite && (
        <Section title="Register and bundle" testId="registry-forms">
          <div className="grid gap-6 lg:grid-cols-2">
            <div><h3 className="mb-2 font-medium">Register a tool version</h3><RegisterToolForm action={registerToolAction} /></div>
            <div><h3 className="mb-2 font-medium">Save a model config version</h3><ModelConfigForm action={createModelConfigAction} /></div>
          </div>
          <div className="mt-6"><h3 className="mb-2 font-medium">Create a release</h3>
            <ReleaseForm action={createReleaseAction} options={{
              tools: tools.map((tool) => ({ name: tool.name, versions: tool.versions.map((version) => ({ id: version.id, version: version.version })) })),
              prompts,
              models: models.flatMap((model) => model.versions.map((version) => ({ id: version.id, label: `${model.name} v${version.version} (${version.provider}/${version.modelId})` }))),
            }} />
          </div>
        </Section>
      )}
    </>
  );
}
