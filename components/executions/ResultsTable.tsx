import Link from 'next/link';
import { executionHref, formatDuration, sessionHref, toolLabel, utc, type ExecutionRowView } from './executionViews';

/** Executions as a table: each row opens the execution, the session cell its timeline. */
export function ResultsTable({ rows, testId = 'results-table' }: { rows: ExecutionRowView[]; testId?: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid={testId}>
        <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2">Time (UTC)</th><th className="px-3 py-2">Tool / method</th><th className="px-3 py-2">Server</th>
            <th className="px-3 py-2">User</th><th className="px-3 py-2">Session</th><th className="px-3 py-2">Agent</th>
            <th className="px-3 py-2">Status</th><th className="px-3 py-2 text-right">Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.environment}/${row.seq}`} data-testid="execution-row" className={`border-t border-slate-100 align-top ${row.isError ? 'bg-rose-50' : ''}`}>
              <td className="whitespace-nowrap px-3 py-1.5 tabular-nums">
                <Link href={executionHref(row.environment, row.seq)} className="text-sky-700 hover:underline">{utc(row.timestamp)}</Link>
              </td>
              <td className="max-w-64 break-all px-3 py-1.5 font-mono text-xs">
                <Link href={executionHref(row.environment, row.seq)} className="hover:underline">{toolLabel(row)}</Link>
              </td>
              <td className="max-w-48 break-all px-3 py-1.5">{row.serverName ?? '—'}</td>
              <td className="max-w-48 break-all px-3 py-1.5">{row.userId ?? '—'}</td>
              <td className="max-w-48 break-all px-3 py-1.5">
                {row.sessionId ? <Link href={sessionHref(row.environment, row.sessionId)} className="text-sky-700 hover:underline">{row.sessionId}</Link> : '—'}
              </td>
              <td className="max-w-40 break-all px-3 py-1.5">{row.agentId ?? '—'}</td>
              <td className="px-3 py-1.5">{row.isError ? <span className="font-medium text-rose-700">error</span> : <span className="text-emerald-700">ok</span>}</td>
              <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{formatDuration(row.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
