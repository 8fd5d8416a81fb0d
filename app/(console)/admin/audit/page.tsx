import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { AdminTabs } from '@/components/admin/AdminTabs';
import { AuditTable } from '@/components/admin/AuditTable';
import { inputClass, labelClass, buttonClass } from '@/components/admin/FormErrors';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { auditFilterInput, CONSOLE_ACTIONS, listConsoleActions, listConsoleActors, type AuditFilter } from '@/lib/audit';
import { requireRole } from '@/lib/auth/server';

export const metadata: Metadata = { title: 'Admin · Audit log' };

type Search = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function Entries({ filter }: { filter: AuditFilter }) {
  const { items, nextBefore } = await listConsoleActions(filter);
  const current = { actor: filter.actor, action: filter.action, target: filter.target };
  const next = new URLSearchParams(Object.entries({ ...current, before: nextBefore === null ? undefined : String(nextBefore) }).filter(([, v]) => v) as [string, string][]);
  return (
    <>
      <AuditTable filter={current} rows={items.map((item) => ({
        seq: item.seq, at: item.at.toISOString(), actor: item.actor, action: item.action, target: item.target, sourceIp: item.sourceIp,
        details: item.details === null || item.details === undefined ? null : JSON.stringify(item.details),
      }))} />
      {nextBefore !== null && <Link className="mt-3 inline-block text-sm text-sky-700 hover:underline" href={`/admin/audit?${next}`}>Older entries</Link>}
    </>
  );
}

async function ActorOptions() {
  return <datalist id="audit-actors">{(await listConsoleActors()).map((actor) => <option key={actor} value={actor} />)}</datalist>;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireRole('admin');
  const search = await searchParams;
  const parsed = auditFilterInput.safeParse({ actor: first(search.actor), action: first(search.action), target: first(search.target), before: first(search.before) });
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const families = [...new Set(CONSOLE_ACTIONS.map((action) => `${action.split('.')[0]}.*`))];
  return (
    <>
      <PageHeader title="Admin" description="The console's own actions — sign-ins, user, token and policy changes, secret reveals, promotions — from the ledger's console log (hash-chained and signed like executions; verify with warden verify --env console)." />
      <AdminTabs active="/admin/audit" />
      <form method="get" action="/admin/audit" aria-label="Filter the audit log" className="mb-4 grid grid-cols-4 items-end gap-3 rounded-xl border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor="audit-actor" className={labelClass}>Actor</label>
          <input id="audit-actor" name="actor" list="audit-actors" defaultValue={filter.actor ?? ''} className={inputClass} placeholder="ana@example.com, cli, system" />
          <Suspense fallback={null}><ActorOptions /></Suspense>
        </div>
        <div>
          <label htmlFor="audit-action" className={labelClass}>Action</label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ''} className={inputClass}>
            <option value="">any</option>
            {families.map((family) => <option key={family} value={family}>{family}</option>)}
            {CONSOLE_ACTIONS.map((action) => <option key={action} value={action}>{action}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="audit-target" className={labelClass}>Target contains</label>
          <input id="audit-target" name="target" defaultValue={filter.target ?? ''} className={inputClass} placeholder="user:ana@, token:wdn_prod, policy:" />
        </div>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass}>Filter</button>
          <Link href="/admin/audit" className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">Clear</Link>
        </div>
      </form>
      {!parsed.success && <p role="alert" className="mb-3 text-sm text-rose-700">Some filters were not understood and are ignored.</p>}
      <Suspense fallback={<SectionSkeleton />}>
        <Entries filter={filter} />
      </Suspense>
    </>
  );
}
