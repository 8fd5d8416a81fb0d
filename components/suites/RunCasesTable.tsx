import Link from 'next/link';
import { OutcomeBadge } from './OutcomeBadge';

export interface RunCaseItem {
  id: string;
  suite: string;
  caseName: string;
  kind: 'regression' | 'attack';
  target: string;
  toolVersion: string | null;
  outcome: 'passed' | 'failed' | 'error';
  reasons: string[];
  durationMs: number | null;
  executionSeq: string | null;
  input: string;
  output: string | null;
  sideEffects: string[];
  likelyCause: { link: string; explanation: string } | null;
}

const ORDER = { failed: 0, error: 1, passed: 2 } as const;

/** Every case of a run, failures first, each with its evidence: the execution, what was wrong, the likely cause. */
export function RunCasesTable({ cases }: { cases: RunCaseItem[] }) {
  const sorted = [...cases].sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome] || a.suite.localeCompare(b.suite));
  return (
    <table className="w-full text-left text-sm" data-testid="run-cases">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="py-2">Outcome</th><th>Case</th><th>Evidence</th><th className="text-right">Time</th></tr>
      </thead>
      <tbody>
        {sorted.map((testCase) => (
          <tr key={testCase.id} className="border-t border-slate-100 align-top" data-case={testCase.caseName} data-outcome={testCase.outcome}>
            <td className="py-2 pr-3">
              <OutcomeBadge outcome={testCase.outcome} label={testCase.outcome === 'failed' && testCase.kind === 'attack' ? 'attack succeeded' : undefined} />
            </td>
            <td className="pr-3">
              <div className="font-medium">{testCase.caseName}</div>
              <div className="text-xs text-slate-500">{testCase.kind} · {testCase.suite} · {testCase.target}{testCase.toolVersion ? ` ${testCase.toolVersion}` : ''}</div>
            </td>
            <td className="pr-3 text-xs">
              {testCase.reasons.length > 0 && <ul className="list-disc pl-4 text-rose-800">{testCase.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>}
              <div className="mt-1 flex flex-wrap gap-3">
                {testCase.executionSeq
                  ? <Link href={`/executions/staging/${testCase.executionSeq}`} className="text-sky-700 hover:underline">Execution staging/{testCase.executionSeq}</Link>
                  : <span className="text-slate-500">no execution recorded</span>}
                {testCase.outcome !== 'passed' && testCase.likelyCause && (
                  <Link href={testCase.likelyCause.link} className="text-sky-700 hover:underline" title={testCase.likelyCause.explanation}>Likely cause: {testCase.likelyCause.explanation}</Link>
                )}
              </div>
              {testCase.outcome !== 'passed' && (
                <details className="mt-1">
                  <summary className="cursor-pointer text-slate-500">Input, output and side effects</summary>
                  <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2">{`input: ${testCase.input}\n\noutput: ${testCase.output ?? '—'}\n\nside effects: ${testCase.sideEffects.join(', ') || 'none'}`}</pre>
                </details>
              )}
            </td>
            <td className="py-2 text-right text-xs tabular-nums">{testCase.durationMs === null ? '—' : `${Math.round(testCase.durationMs)} ms`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
