import Link from 'next/link';

export interface CaseListRow {
  id: string;
  title: string;
  status: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  pinned: number;
  notes: number;
}

export const StatusBadge = ({ status }: { status: string }) => (
  <span data-testid="case-status" className={`rounded-full px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ${status === 'open' ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-200 text-slate-700'}`}>{status}</span>
);

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);

export function CaseList({ cases, filters }: { cases: CaseListRow[]; filters: Array<{ label: string; href: string; active: boolean }> }) {
  return (
    <section className="space-y-3" aria-label="Cases">
      <nav aria-label="Case status" className="flex gap-3 text-sm">
        {filters.map((filter) => (
          <Link key={filter.label} href={filter.href} aria-current={filter.active ? 'page' : undefined}
            className={filter.active ? 'font-semibold text-slate-900' : 'text-sky-700 hover:underline'}>{filter.label}</Link>
        ))}
      </nav>
      {cases.length === 0 ? <p className="text-sm text-slate-500">No cases here yet.</p> : (
        <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="case-list">
          <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="px-4 py-2">Case</th><th className="px-4 py-2">Status</th><th className="px-4 py-2 text-right">Executions</th>
              <th className="px-4 py-2 text-right">Notes</th><th className="px-4 py-2">Opened by</th><th className="px-4 py-2">Last change (UTC)</th></tr>
          </thead>
          <tbody>
            {cases.map((item) => (
              <tr key={item.id} className="border-t border-slate-100">
                <td className="px-4 py-2"><Link href={`/cases/${item.id}`} className="font-medium text-sky-700 hover:underline">{item.title}</Link></td>
                <td className="px-4 py-2"><StatusBadge status={item.status} /></td>
                <td className="px-4 py-2 text-right tabular-nums">{item.pinned}</td>
                <td className="px-4 py-2 text-right tabular-nums">{item.notes}</td>
                <td className="px-4 py-2">{item.createdBy}</td>
                <td className="px-4 py-2 tabular-nums">{when(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
