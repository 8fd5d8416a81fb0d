import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ModelRollbackForm, RollbackForm } from '@/components/registry/RegistryForms';
import { ReleaseLink, Section, StatusBadge, TABLE, TD, TH, when } from '@/components/registry/RegistryTables';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/server';
import { isEnvironment } from '@/lib/environment';
import { environmentHistory, getActiveRelease, modelRollbackOptions, rollbackTargets } from '@/lib/registry';
import { modelRollbackAction, rollbackAction } from '../../actions';

export const metadata: Metadata = { title: 'Environment' };

export default async function EnvironmentPage({ params }: { params: Promise<{ env: string }> }) {
  const user = await requireRole('analyst');
  const { env } = await params;
  if (!isEnvironment(env)) redirect(`/registry?missing=environment`);
  const [active, history, targets, models] = await Promise.all([getActiveRelease(env), environmentHistory(env), rollbackTargets(env), modelRollbackOptions(env)]);
  const canAct = hasRole(user.role, 'lead');
  return (
    <>
      <PageHeader title={`${env[0]!.toUpperCase()}${env.slice(1)}`} description={`What ${env} runs now, every change with who, when and why, and the emergency rollbacks.`} />
      <Section title="Live now" testId="live-now">
        {active ? (
          <div className="space-y-1 text-sm">
            <p className="text-lg" data-testid="live-release"><ReleaseLink id={active.release.id} name={active.release.name} /></p>
            <p className="text-slate-600">{active.deployment.kind.replace('_', ' ')} by {active.deployment.actor} · {when(active.deployment.createdAt)} · “{active.deployment.reason}”</p>
            <p>Tools: {active.release.tools.map((tool) => `${tool.name}@${tool.version}`).join(', ') || '—'}</p>
            <p>Prompts: {active.release.prompts.map((prompt) => `${prompt.name} v${prompt.version}`).join(', ') || '—'}</p>
            <p data-testid="live-model">Model: {active.model ? `${active.model.provider}/${active.model.modelId} (${active.model.config.name} v${active.model.config.version}${active.model.fallbackIndex !== null ? `, fallback ${active.model.fallbackIndex + 1}` : ''})` : '—'}</p>
          </div>
        ) : <p className="text-sm text-slate-500">Nothing deployed to {env} yet.</p>}
      </Section>
      {canAct && active && (
        <Section title="Rollback" testId="rollback">
          <p className="mb-3 text-sm text-slate-600">The emergency path: a lead or admin, no second approver. Recorded in the console log{env === 'production' ? ' and announced' : ''}; open promotion requests are superseded.</p>
          <div className="grid gap-6 md:grid-cols-2">
            <RollbackForm action={rollbackAction} environment={env} deploymentId={active.deployment.id}
              targets={targets.map((target) => ({ releaseId: target.releaseId, releaseName: target.releaseName, lastLiveAt: target.lastLiveAt.toISOString() }))} />
            {models && <ModelRollbackForm action={modelRollbackAction} environment={env} deploymentId={active.deployment.id} current={models.current}
              options={models.options.map((option) => ({ target: option.target, label: option.label }))} />}
          </div>
        </Section>
      )}
      <Section title="History" testId="history">
        <table className={TABLE}>
          <thead><tr><th className={TH}>#</th><th className={TH}>When</th><th className={TH}>What</th><th className={TH}>Release</th><th className={TH}>Who</th><th className={TH}>Why</th></tr></thead>
          <tbody>{history.map((deployment) => (
            <tr key={deployment.id}>
              <td className={TD}>{deployment.id}</td>
              <td className={TD}>{when(deployment.createdAt)}</td>
              <td className={TD}><StatusBadge status={deployment.kind} /></td>
              <td className={TD}><ReleaseLink id={deployment.releaseId} name={deployment.releaseName} /></td>
              <td className={TD}>{deployment.actor}</td>
              <td className={TD}>{deployment.reason}{deployment.promotionRequestId && <> · <Link href={`/registry/promotions/${deployment.promotionRequestId}`} className="text-sky-700 hover:underline">request</Link></>}</td>
            </tr>
          ))}</tbody>
        </table>
      </Section>
    </>
  );
}
