import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CopyLinkButton } from '@/components/prompts/CopyLinkButton';
import { PromptDiffView, type DiffLayout } from '@/components/prompts/PromptDiffView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { isEnvironment } from '@/lib/environment';
import { comparePromptVersions, compareWithObserved } from '@/lib/prompts/getPromptComparison';

export const metadata: Metadata = { title: 'Prompt diff' };

type Search = { from?: string; to?: string; observed?: string; view?: string };

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function href(name: string, query: Record<string, string | number | null | undefined>) {
  const params = new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === null || value === undefined || value === '' ? [] : [[key, String(value)]])));
  return `/prompts/${encodeURIComponent(name)}/diff?${params}`;
}

export default async function PromptDiffPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<Record<keyof Search, string | string[] | undefined>> }) {
  await requireRole('analyst');
  const name = decodeURIComponent((await params).name);
  const raw = await searchParams;
  const search: Search = { from: single(raw.from), to: single(raw.to), observed: single(raw.observed), view: single(raw.view) };
  const layout: DiffLayout = search.view === 'unified' ? 'unified' : 'split';
  const observedMatch = /^(staging|production)\/(\d{1,15})$/.exec(search.observed ?? '');
  const comparison = observedMatch && isEnvironment(observedMatch[1])
    ? await compareWithObserved(name, search.from ?? null, observedMatch[1], Number(observedMatch[2]))
    : await comparePromptVersions(name, search.from ?? null, search.to ?? null);
  if (!comparison) redirect(`/prompts?missing=${encodeURIComponent(name)}`);
  // Labels move; numbers do not. A link made with `production` becomes a permalink to the versions it meant.
  const permalink = href(name, { from: comparison.fromVersion, to: comparison.toVersion, observed: search.observed, view: search.view });
  const resolvedFrom = comparison.fromVersion === null ? undefined : String(comparison.fromVersion);
  const resolvedTo = comparison.toVersion === null ? undefined : String(comparison.toVersion);
  if (!comparison.notes.some((note) => note.includes('is not a version')) && (search.from !== resolvedFrom || (!comparison.observed && search.to !== resolvedTo))) redirect(permalink);
  const production = comparison.prompt?.labels.production;
  const versions = comparison.prompt?.versions.map((v) => v.version) ?? [];
  const title = comparison.observed
    ? `${name}: ${comparison.old.label.split(' · ')[0]} → observed in ${comparison.observed.environment}`
    : `${name}: v${comparison.fromVersion} → v${comparison.toVersion}`;
  return (
    <>
      <PageHeader title={title} description={comparison.observed
        ? 'The registered template (filled with the call\'s arguments when the execution carried its rendered prompt) against what the MCP server actually sent.'
        : 'Word-level differences between two immutable versions; unchanged regions are folded. This address is a permalink.'}>
        <CopyLinkButton />
      </PageHeader>
      <div className="mb-4 flex flex-wrap items-end gap-4 text-sm">
        {!comparison.observed && versions.length > 0 && (
          <form method="get" action={`/prompts/${encodeURIComponent(name)}/diff`} className="flex items-end gap-2" aria-label="Choose versions">
            <label className="text-xs uppercase tracking-wide text-slate-500">From
              <select name="from" defaultValue={comparison.fromVersion ?? undefined} className="ml-1 block rounded-md border border-slate-300 px-2 py-1 text-sm">
                {versions.map((v) => <option key={v} value={v}>v{v}{v === production ? ' (production)' : ''}</option>)}
              </select>
            </label>
            <label className="text-xs uppercase tracking-wide text-slate-500">To
              <select name="to" defaultValue={comparison.toVersion ?? undefined} className="ml-1 block rounded-md border border-slate-300 px-2 py-1 text-sm">
                {versions.map((v) => <option key={v} value={v}>v{v}{v === production ? ' (production)' : ''}</option>)}
              </select>
            </label>
            {layout === 'unified' && <input type="hidden" name="view" value="unified" />}
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">Compare</button>
          </form>
        )}
        <nav aria-label="Layout" className="flex gap-2">
          {(['split', 'unified'] as const).map((option) => (
            <Link key={option} href={href(name, { from: comparison.fromVersion, to: comparison.toVersion, observed: search.observed, view: option === 'split' ? null : option })}
              aria-current={layout === option ? 'page' : undefined} data-testid={`layout-${option}`}
              className={`rounded-md px-3 py-1.5 ${layout === option ? 'bg-slate-900 text-white' : 'border border-slate-300 hover:bg-slate-50'}`}>{option === 'split' ? 'Split' : 'Unified'}</Link>
          ))}
        </nav>
        {!comparison.observed && production !== undefined && (
          <Link href={href(name, { from: production, to: comparison.toVersion, view: search.view })} data-testid="compare-production"
            className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">Compare v{comparison.toVersion} with production (v{production})</Link>
        )}
        {comparison.prompt && <Link href={`/prompts/${encodeURIComponent(name)}`} className="text-sky-700 hover:underline">All versions of {name}</Link>}
      </div>
      {comparison.observed && (
        <div className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="observed-facts">
          <p><strong>{comparison.observed.finding ?? 'This execution matches the registry.'}</strong></p>
          <p className="mt-1">Execution <Link href={`/executions/${comparison.observed.environment}/${comparison.observed.seq}`} className="text-sky-700 hover:underline">{comparison.observed.environment} #{comparison.observed.seq}</Link> reported checksum <code className="break-all">{comparison.new.checksum ?? '(none)'}</code>{comparison.old.checksum && <> · registered <code className="break-all">{comparison.old.checksum}</code></>}.</p>
        </div>
      )}
      {comparison.notes.length > 0 && (
        <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-slate-600" data-testid="diff-notes">
          {comparison.notes.map((note) => <li key={note}>{note}</li>)}
        </ul>
      )}
      <div className="space-y-6">
        <PromptDiffView title="Template" testId="template-diff" layout={layout}
          old={{ label: comparison.old.label, text: comparison.old.text }} new={{ label: comparison.new.label, text: comparison.new.text }} />
        {!comparison.observed && (
          <PromptDiffView title="Model parameters" testId="parameters-diff" layout={layout}
            old={{ label: comparison.old.label, text: comparison.old.parameters }} new={{ label: comparison.new.label, text: comparison.new.parameters }} />
        )}
      </div>
    </>
  );
}
