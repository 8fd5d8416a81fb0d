import Link from 'next/link';

export interface MatrixView {
  columns: Array<{ releaseId: string; releaseName: string; runId: string; passed: number; total: number }>;
  rows: Array<{ key: string; kind: 'regression' | 'attack'; flaky: boolean; cells: Record<string, { outcome: 'passed' | 'failed' | 'error'; runId: string; executionSeq: string | null } | undefined> }>;
}

const CELL: Record<string, { text: string; style: string }> = {
  passed: { text: 'pass', style: 'bg-emerald-50 text-emerald-800' },
  failed: { text: 'FAIL', style: 'bg-rose-100 font-semibold text-rose-800' },
  error: { text: 'not judged', style: 'bg-amber-50 text-amber-900' },
};

/** Cases down, releases across (oldest → newest): the trend, with flaky cases marked. */
export function SuiteMatrixTable({ matrix }: { matrix: MatrixView }) {
  if (matrix.columns.length === 0) return <p className="text-sm text-slate-600">No finished runs yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="text-left text-xs" data-testid="suite-matrix">
        <thead>
          <tr>
            <th className="py-2 pr-4 font-medium uppercase tracking-wide text-slate-500">Case</th>
            {matrix.columns.map((column) => (
              <th key={column.releaseId} className="px-2 py-2 font-medium">
                <Link href={`/suites/runs/${column.runId}`} className="text-sky-700 hover:underline">{column.releaseName}</Link>
                <div className="font-normal text-slate-500">{column.passed}/{column.total} passed</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.key} className="border-t border-slate-100" data-case={row.key}>
              <td className="py-1.5 pr-4">
                <span className="font-mono">{row.key}</span> <span className="text-slate-500">({row.kind})</span>
                {row.flaky && <span data-testid="flaky" title="Passed and failed for the same release and tool version" className="ml-2 rounded bg-violet-100 px-1.5 py-0.5 text-violet-800">flaky</span>}
              </td>
              {matrix.columns.map((column) => {
                const cell = row.cells[column.releaseId];
                if (!cell) return <td key={column.releaseId} className="px-2 text-slate-400">—</td>;
                const look = CELL[cell.outcome]!;
                return (
                  <td key={column.releaseId} className="px-1 py-0.5">
                    {cell.executionSeq
                      ? <Link href={`/executions/staging/${cell.executionSeq}`} className={`block rounded px-2 py-1 ${look.style}`} data-outcome={cell.outcome}>{look.text}</Link>
                      : <span className={`block rounded px-2 py-1 ${look.style}`} data-outcome={cell.outcome}>{look.text}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
