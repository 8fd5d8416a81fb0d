import type { AlertRowView } from '@/lib/detect/alerts/alertRows';
import { SEVERITY_COLOURS } from './format';

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span data-testid="alert-severity" className="inline-block rounded px-1.5 py-0.5 text-xs font-semibold uppercase text-white" style={{ background: SEVERITY_COLOURS[severity] }}>
      {severity}
    </span>
  );
}

export const STATUS_LABELS: Record<string, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', false_positive: 'False positive' };

/** Alerts as a table: what, why, about whom, how much evidence, and where to look. */
export function AlertTable({ rows }: { rows: AlertRowView[] }) {
  if (rows.length === 0) return <p data-testid="no-alerts" className="rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-600">No alerts match.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="alert-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2">Severity</th><th className="px-3 py-2">Alert</th><th className="px-3 py-2">Detector</th>
            <th className="px-3 py-2">Subject</th><th className="px-3 py-2">Evidence</th><th className="px-3 py-2">Last seen (UTC)</th><th className="px-3 py-2">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100 align-top" data-testid="alert-row" data-detector={row.detector}>
              <td className="px-3 py-2"><SeverityBadge severity={row.severity} /></td>
              <td className="max-w-md px-3 py-2">
                <a href={`/anomalies/alerts/${row.id}`} className="font-medium text-sky-700 hover:underline">{row.title}</a>
                <p className="line-clamp-2 text-xs text-slate-500">{row.explanation}</p>
              </td>
              <td className="px-3 py-2 text-xs">{row.detectorLabel}</td>
              <td className="px-3 py-2 text-xs">{row.subject}</td>
              <td className="px-3 py-2 text-xs"><a href={row.explorerHref} className="text-sky-700 hover:underline">{row.evidenceCount} execution{row.evidenceCount === 1 ? '' : 's'}</a></td>
              <td className="px-3 py-2 text-xs tabular-nums">{row.lastSeenAt.slice(0, 16).replace('T', ' ')}</td>
              <td className="px-3 py-2 text-xs" data-testid="alert-status">{STATUS_LABELS[row.status]}{row.assignee ? ` · ${row.assignee}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
