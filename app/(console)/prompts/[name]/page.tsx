import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AddVersionForm } from '@/components/prompts/AddVersionForm';
import { LabelBadges } from '@/components/prompts/LabelBadges';
import { PromptVersionsTable } from '@/components/prompts/PromptVersionsTable';
import { StagingLabelButton } from '@/components/prompts/StagingLabelButton';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/server';
import { canonicalVariables, getPromptDetail, templateVariables } from '@/lib/prompts';
import { parametersText } from '@/lib/prompts/wordDiff';
import { createVersionAction, setStagingLabelAction } from '../actions';

export const metadata: Metadata = { title: 'Prompt' };

const when = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 16);
// Declared variables are prefilled only when they say more than the template's placeholders do.
const declaredBeyondTemplate = (template: string, variables: string[]) =>
  (canonicalVariables(templateVariables(template)).join(',') === canonicalVariables(variables).join(',') ? '' : variables.join(', '));
const fact = 'text-xs font-medium uppercase tracking-wide text-slate-500';

export default async function PromptPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ version?: string }> }) {
  const user = await requireRole('analyst');
  const { name: rawName } = await params;
  const name = decodeURIComponent(rawName);
  const prompt = await getPromptDetail(name);
  if (!prompt || prompt.versions.length === 0) redirect(`/prompts?missing=${encodeURIComponent(name)}`);
  const { version: requested } = await searchParams;
  const selected = prompt.versions.find((v) => String(v.version) === requested) ?? prompt.versions[0]!;
  const latest = prompt.versions[0]!;
  const production = prompt.labels.production;
  const canWrite = hasRole(user.role, 'lead');
  const base = `/prompts/${encodeURIComponent(name)}`;
  const labelsOf = (version: number) => Object.fromEntries(Object.entries(prompt.labels).filter(([, number]) => number === version));
  return (
    <>
      <PageHeader title={prompt.name} description={prompt.description || 'No description.'}>
        <div className="text-right text-sm">
          <LabelBadges labels={prompt.labels} showVersion />
          <p className="mt-1 text-xs text-slate-500">Owner: {prompt.owner || '—'} · production moves only with a <Link href="/registry" className="text-sky-700 hover:underline">release promotion</Link></p>
        </div>
      </PageHeader>
      <div className={canWrite ? 'grid gap-6 xl:grid-cols-[1fr_28rem]' : 'space-y-6'}>
        <div className="space-y-6">
          <section aria-label={`Version ${selected.version}`} data-testid="selected-version" className="rounded-xl border border-slate-200 bg-white p-5">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 className="text-lg font-semibold">v{selected.version}{selected.tag ? ` · ${selected.tag}` : ''} <LabelBadges labels={labelsOf(selected.version)} /></h2>
              <div className="flex gap-2 text-sm">
                {selected.version > 1 && <Link href={`${base}/diff?from=${selected.version - 1}&to=${selected.version}`} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">Diff with v{selected.version - 1}</Link>}
                {production !== undefined ? (
                  <Link href={`${base}/diff?from=${production}&to=${selected.version}`} data-testid="compare-production" className="rounded-md bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700">Compare with production (v{production})</Link>
                ) : (
                  <span data-testid="compare-production-unavailable" className="rounded-md border border-dashed border-slate-300 px-3 py-1.5 text-slate-500" title="A version gets the production label with a release promotion">No production version yet</span>
                )}
              </div>
            </div>
            <pre data-testid="template" className="mt-3 max-h-[32rem] overflow-auto whitespace-pre-wrap rounded-lg bg-slate-50 p-4 font-mono text-xs text-slate-800">{selected.template}</pre>
            <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
              <div><dt className={fact}>Variables</dt><dd>{selected.variables.length ? selected.variables.map((v) => <code key={v} className="mr-1">{`{{${v}}}`}</code>) : '—'}</dd></div>
              <div><dt className={fact}>Author · created (UTC)</dt><dd>{selected.author} · {when(selected.createdAt)}</dd></div>
              <div className="sm:col-span-2"><dt className={fact}>Message</dt><dd>{selected.message || '—'}</dd></div>
              <div className="sm:col-span-2"><dt className={fact}>Checksum (SHA-256, canonical form)</dt><dd className="break-all font-mono text-xs" data-testid="checksum">{selected.checksum}</dd></div>
              <div className="sm:col-span-2"><dt className={fact}>Template checksum</dt><dd className="break-all font-mono text-xs">{selected.templateChecksum}</dd></div>
              <div className="sm:col-span-2"><dt className={fact}>Model parameters</dt><dd><pre className="font-mono text-xs">{parametersText(selected.parameters)}</pre></dd></div>
            </dl>
          </section>
          <PromptVersionsTable name={name} selected={selected.version} production={production}
            versions={prompt.versions.map((v) => ({ version: v.version, tag: v.tag, checksum: v.checksum, author: v.author, message: v.message, createdAt: v.createdAt.toISOString(), labels: labelsOf(v.version) }))}
            labelAction={canWrite ? (version) => (prompt.labels.staging === version ? null : <StagingLabelButton action={setStagingLabelAction} name={name} version={version} />) : undefined} />
          <section aria-label="Label history" className="rounded-xl border border-slate-200 bg-white p-5 text-sm">
            <h2 className="text-lg font-semibold">Label history</h2>
            {prompt.labelHistory.length === 0 ? <p className="mt-2 text-slate-500">No label has pointed at a version yet.</p> : (
              <ul className="mt-2 space-y-1" data-testid="label-history">
                {prompt.labelHistory.map((move, index) => (
                  <li key={index}><span className="tabular-nums text-slate-500">{when(move.movedAt)}</span> · {move.environment}: {move.fromVersion ? `v${move.fromVersion}` : '—'} → {move.toVersion ? `v${move.toVersion}` : '—'} <span className="text-slate-500">by {move.movedBy} ({move.via})</span></li>
                ))}
              </ul>
            )}
          </section>
        </div>
        {canWrite && (
          <AddVersionForm action={createVersionAction} name={name} baseVersion={latest.version}
            defaults={{ template: latest.template, variables: declaredBeyondTemplate(latest.template, latest.variables), parameters: Object.keys(latest.parameters).length ? JSON.stringify(latest.parameters, null, 2) : '' }} />
        )}
      </div>
    </>
  );
}
