'use client';

import { useState, type ReactNode } from 'react';

export interface TableSpec { columns: string[]; rows: Array<Array<string | number>> }

/** A chart with its numbers one click away: "Table" swaps the drawing for the same data as a table. */
export function ChartCard({ title, description, table, children, testId, actions }: {
  title: string; description?: string; table: TableSpec; children: ReactNode; testId: string; actions?: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <section aria-label={title} data-testid={testId} className="rounded-xl border border-slate-200 bg-white p-4">
      <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="font-semibold">{title}</h2>
          {description && <p className="text-xs text-slate-500">{description}</p>}
        </div>
        <div className="flex items-center gap-2">
          {actions}
          <button type="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}
            className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50">{asTable ? 'Chart' : 'Table'}</button>
        </div>
      </div>
      {asTable ? (
        <div className="max-h-80 overflow-auto">
          <table className="w-full text-left text-xs" data-testid={`${testId}-table`}>
            <thead className="sticky top-0 bg-white text-slate-500"><tr>{table.columns.map((column) => <th key={column} className="px-2 py-1 font-medium">{column}</th>)}</tr></thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i} className="border-t border-slate-100">{row.map((cell, j) => <td key={j} className="px-2 py-1 tabular-nums">{cell}</td>)}</tr>
              ))}
            </tbody>
          </table>
          {table.rows.length === 0 && <p className="p-2 text-xs text-slate-500">No rows.</p>}
        </div>
      ) : children}
    </section>
  );
}

/** Horizontal bars for rankings (top tools, top users). */
export function RankBars({ items, testId }: { items: Array<{ label: string; value: number; note?: string; href?: string }>; testId: string }) {
  const max = Math.max(1, ...items.map((item) => item.value));
  if (items.length === 0) return <p className="text-sm text-slate-500">No data in this range.</p>;
  return (
    <ol className="space-y-1.5 text-sm" data-testid={testId}>
      {items.map((item) => (
        <li key={item.label} className="grid grid-cols-[10rem_1fr_auto] items-center gap-2">
          {item.href ? <a href={item.href} className="truncate text-sky-700 hover:underline" title={item.label}>{item.label}</a> : <span className="truncate" title={item.label}>{item.label}</span>}
          <span className="h-3 rounded bg-sky-600" style={{ width: `${Math.max(1, (item.value / max) * 100)}%` }} />
          <span className="text-xs tabular-nums text-slate-600">{item.value.toLocaleString('en-US')}{item.note ? ` · ${item.note}` : ''}</span>
        </li>
      ))}
    </ol>
  );
}
