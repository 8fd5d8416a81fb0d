import Link from 'next/link';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
  sourceIp: string | null;
}

/** Links that narrow the view to one actor, action or target, keeping the other filters. */
function filterHref(current: Record<string, string | undefined>, name: string, value: string): string {
  const query = new URLSearchParams(Object.entries({ ...current, before: undefined, [name]: value }).filter(([, v]) => v) as [string, string][]);
  return `/admin/audit?${query}`;
}

export function AuditTable({ rows, filter }: { rows: AuditRow[]; filter: Record<string, string | undefined> }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500" data-testid="audit-empty">No console action matches these filters.</p>;
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="audit-table">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="px-3 py-2">#</th><th className="px-3 py-2">When (UTC)</th><th className="px-3 py-2">Actor</th><th className="px-3 py-2">Action</th><th className="px-3 py-2">Target</th><th className="px-3 py-2">Details</th></tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.seq} className="border-t border-slate-100 align-top" data-testid="audit-row">
            <td className="px-3 py-2 text-xs"><Link className="text-sky-700 hover:underline" href={`/ledger?log=console&seq=${row.seq}`} title="In the ledger">{row.seq}</Link></td>
            <td className="whitespace-nowrap px-3 py-2 text-xs">{row.at.replace('T', ' ').slice(0, 19)}</td>
            <td className="px-3 py-2"><Link className="hover:underline" href={filterHref(filter, 'actor', row.actor)}>{row.actor}</Link>
              {row.sourceIp && <div className="text-xs text-slate-500">{row.sourceIp}</div>}</td>
            <td className="px-3 py-2"><Link className="font-mono text-xs hover:underline" href={filterHref(filter, 'action', row.action)}>{row.action}</Link></td>
            <td className="px-3 py-2 text-xs">{row.target && <Link className="hover:underline" href={filterHref(filter, 'target', row.target)}>{row.target}</Link>}</td>
            <td className="max-w-md px-3 py-2"><code className="block truncate text-xs text-slate-600" title={row.details ?? ''}>{row.details}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
