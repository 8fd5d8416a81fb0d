'use client';

import { useCallback, useEffect, useState } from 'react';
import type { VerificationRunView } from '@/lib/ledger/verify/verificationRuns';

function describe(run: VerificationRunView): string {
  if (!run.finishedAt) return `Verifying… ${run.verified.toLocaleString('en-US')} of ${run.total.toLocaleString('en-US')} entries`;
  if (run.ok) return `Verified ${run.verified.toLocaleString('en-US')} entries and ${run.checkpointsChecked} signed checkpoints ✓`;
  return `Verification FAILED at seq ${run.problemSeq ?? '—'}: ${run.problem}`;
}

/** Starts a verification of the log and follows its progress. */
export function VerifyPanel({ environment, initial }: { environment: string; initial: VerificationRunView | null }) {
  const [run, setRun] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const poll = useCallback(async () => {
    const response = await fetch(`/api/v1/ledger/${environment}/verify`, { cache: 'no-store' });
    if (response.ok) setRun(((await response.json()) as { run: VerificationRunView | null }).run);
  }, [environment]);
  useEffect(() => {
    if (!run || run.finishedAt) return;
    const timer = setInterval(() => void poll(), 1000);
    return () => clearInterval(timer);
  }, [run, poll]);

  async function start() {
    setError(null);
    const response = await fetch(`/api/v1/ledger/${environment}/verify`, { method: 'POST' });
    if (response.ok) setRun((await response.json()) as VerificationRunView);
    else setError(`Could not start verification (HTTP ${response.status}).`);
  }

  const running = Boolean(run && !run.finishedAt);
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6" data-testid="verify-panel">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h2 className="text-lg font-semibold">Verification</h2>
          <p className="mt-1 text-sm text-slate-600">Recomputes every leaf from the stored rows, the hash chain, and the root at every signed checkpoint.</p>
        </div>
        <button type="button" onClick={() => void start()} disabled={running}
          className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
          {running ? 'Verifying…' : 'Verify now'}
        </button>
      </div>
      {run && (
        <p data-testid="verify-result" className={`mt-4 text-sm ${run.finishedAt && !run.ok ? 'text-rose-700' : 'text-slate-800'}`}>
          {describe(run)}
          <span className="text-slate-500"> · started {run.startedAt.replace('T', ' ').slice(0, 19)} UTC by {run.startedBy}</span>
        </p>
      )}
      {running && (
        <progress className="mt-2 w-full" max={Math.max(run!.total, 1)} value={run!.verified} />
      )}
      {error && <p role="alert" className="mt-2 text-sm text-rose-700">{error}</p>}
    </section>
  );
}
