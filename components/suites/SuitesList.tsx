export interface SuiteItem {
  id: string;
  name: string;
  subject: string;
  description: string | null;
  version: number | null;
  attacks: string[];
  regressionCases: number;
  attackCases: number;
}

/** Each suite's newest version: what it tests, how many cases, which built-in attacks are on. */
export function SuitesList({ suites }: { suites: SuiteItem[] }) {
  if (suites.length === 0) {
    return <p className="text-sm text-slate-600">No suites yet. Write one as JSON (cases with input and expectations, attacks to enable) and push it: <code>npx warden test suite push --file suite.json</code>.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="suites">
      {suites.map((suite) => (
        <li key={suite.id} className="py-2">
          <span className="font-medium">{suite.name}</span> <span className="text-slate-500">· {suite.subject} · v{suite.version ?? '—'}</span>
          <div className="text-xs text-slate-600">{suite.regressionCases} regression, {suite.attackCases} attack cases{suite.attacks.length ? ` · attacks: ${suite.attacks.join(', ')}` : ''}</div>
          {suite.description && <div className="text-xs text-slate-500">{suite.description}</div>}
        </li>
      ))}
    </ul>
  );
}
