export interface QuarantineRow {
  seq: number;
  ingestedAt: string;
  line: number;
  reason: string;
  size: number;
  preview: string;
  previewIsHex: boolean;
}

/** Lines ingest could not turn into executions, kept byte for byte on the log with the reason. */
export function QuarantineTable({ rows }: { rows: QuarantineRow[] }) {
  if (rows.length === 0) return null;
  return (
    <section className="mb-6 rounded-xl border border-amber-200 bg-white p-6" data-testid="quarantine-table">
      <h2 className="text-lg font-semibold">Quarantined lines (latest {rows.length})</h2>
      <table className="mt-3 w-full table-fixed text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr><th className="w-20 py-1">Seq</th><th className="w-44">Received (UTC)</th><th className="w-16">Line</th><th className="w-72">Reason</th><th>Raw (first bytes)</th></tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.seq} className="border-t border-slate-100 align-top">
              <td className="py-1 tabular-nums">{row.seq}</td>
              <td>{row.ingestedAt.replace('T', ' ').slice(0, 19)}</td>
              <td className="tabular-nums">{row.line}</td>
              <td className="pr-3 text-amber-800">{row.reason}</td>
              <td className="truncate font-mono text-xs" title={`${row.size} bytes${row.previewIsHex ? ', not valid UTF-8: shown as hex' : ''}`}>
                {row.previewIsHex ? `hex ${row.preview}` : row.preview}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
