export interface ExecutionStatsView {
  environment: string;
  executions: number;
  quarantined: number;
  logSize: number;
  latestTimestamp: string | null;
}

export function ExecutionStatsCard({ stats }: { stats: ExecutionStatsView }) {
  const figures = [
    ['Executions', stats.executions],
    ['Quarantined lines', stats.quarantined],
    ['Log size (entries)', stats.logSize],
  ] as const;
  return (
    <section data-testid="execution-stats" className="mb-6 rounded-xl border border-slate-200 bg-white p-6">
      <h2 className="text-lg font-semibold">Received in {stats.environment}</h2>
      <dl className="mt-4 grid grid-cols-3 gap-4">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value.toLocaleString('en-US')}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-sm text-slate-600">
        {stats.latestTimestamp ? `Latest execution: ${stats.latestTimestamp.replace('T', ' ').slice(0, 19)} UTC. ` : ''}
        Search them above; open any one for its fields, session and ledger proof.
      </p>
    </section>
  );
}
