const STYLES: Record<string, string> = {
  passed: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-rose-100 text-rose-800',
  error: 'bg-amber-100 text-amber-900',
  missing: 'bg-slate-100 text-slate-700',
  running: 'bg-sky-100 text-sky-800',
};

const LABELS: Record<string, string> = { missing: 'no suite run yet', error: 'not judged' };

/** Passed / failed / not judged / no run, in words and colour (never colour alone). */
export function OutcomeBadge({ outcome, label }: { outcome: string; label?: string }) {
  return (
    <span data-outcome={outcome} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${STYLES[outcome] ?? STYLES.missing}`}>
      {label ?? LABELS[outcome] ?? outcome}
    </span>
  );
}
