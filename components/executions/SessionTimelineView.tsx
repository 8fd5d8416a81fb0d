import Link from 'next/link';
import { executionHref, formatDuration, formatGap, toolLabel, utc, type ExecutionRowView } from './executionViews';

export interface TimelineStep extends ExecutionRowView {
  /** Milliseconds since the previous step started; null for the first one shown. */
  gapMs: number | null;
  pinnedIn: Array<{ id: string; title: string }>;
}

export interface SessionTimelineProps {
  environment: string;
  sessionId: string;
  steps: TimelineStep[];
  /** Links that keep the session: earlier pages are reached with the back button or firstHref. */
  nextHref: string | null;
  firstHref: string | null;
  searchHref: string;
}

// A pause this long between two steps gets its own marker: where an attack often changes phase.
const LONG_GAP_MS = 5 * 60_000;

function distinct(values: Array<string | null>): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

export function SessionTimelineView({ environment, sessionId, steps, nextHref, firstHref, searchHref }: SessionTimelineProps) {
  const longest = Math.max(1, ...steps.map((step) => step.durationMs ?? 0));
  const errors = steps.filter((step) => step.isError).length;
  const flagged = steps.filter((step) => step.pinnedIn.length > 0).length;
  const facts: Array<[string, string]> = [
    ['Steps shown', String(steps.length)],
    ['From', steps[0] ? utc(steps[0].timestamp) : '—'],
    ['To', steps.at(-1) ? utc(steps.at(-1)!.timestamp) : '—'],
    ['Errors', String(errors)],
    ['Pinned in cases', String(flagged)],
    ['Users', distinct(steps.map((step) => step.userId)).join(', ') || '—'],
    ['Agents', distinct(steps.map((step) => step.agentId)).join(', ') || '—'],
    ['Servers', distinct(steps.map((step) => step.serverName)).join(', ') || '—'],
  ];
  return (
    <div className="space-y-6" data-testid="session-timeline">
      <section className="rounded-xl border border-slate-200 bg-white p-5" aria-label="Session summary">
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
          {facts.map(([label, value]) => (
            <div key={label} className="min-w-0"><dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt><dd className="break-all text-sm">{value}</dd></div>
          ))}
        </dl>
        <p className="mt-3 text-sm"><Link href={searchHref} className="text-sky-700 underline">Search within this session</Link>
          <span className="text-slate-500"> (session {sessionId} in {environment})</span></p>
      </section>
      {firstHref && <Link href={firstHref} className="text-sm text-sky-700 hover:underline">← From the first step</Link>}
      {steps.length === 0 ? <p className="text-sm text-slate-500">No executions of this session in {environment}.</p> : (
        <ol className="space-y-2" aria-label="Steps">
          {steps.map((step, index) => (
            <li key={step.seq}>
              {step.gapMs !== null && step.gapMs >= LONG_GAP_MS && (
                <p className="my-2 text-center text-xs font-medium text-slate-500" data-testid="long-gap">⋯ {formatGap(step.gapMs).slice(1)} later ⋯</p>
              )}
              <div data-testid="timeline-step" data-error={step.isError || undefined} data-flagged={step.pinnedIn.length > 0 || undefined}
                className={`grid grid-cols-[9rem_minmax(0,1fr)_10rem] gap-4 rounded-lg border bg-white px-4 py-2 text-sm ${step.isError ? 'border-rose-300 bg-rose-50' : step.pinnedIn.length > 0 ? 'border-amber-300 bg-amber-50' : 'border-slate-200'}`}>
                <div className="tabular-nums">
                  <p className="text-xs text-slate-500">#{index + 1} · {step.gapMs === null ? 'start' : formatGap(step.gapMs)}</p>
                  <p>{utc(step.timestamp).slice(11)}</p>
                </div>
                <div className="min-w-0">
                  <Link href={executionHref(step.environment, step.seq)} className="break-all font-mono text-xs font-medium text-sky-700 hover:underline">{toolLabel(step)}</Link>
                  <p className="break-all text-xs text-slate-600">
                    {[step.serverName, step.userId, step.agentId, step.model].filter(Boolean).join(' · ')}
                  </p>
                  {step.isError && <p className="text-xs font-semibold text-rose-700">error</p>}
                  {step.pinnedIn.map((item) => (
                    <p key={item.id} className="text-xs text-amber-800">Pinned in <Link href={`/cases/${item.id}`} className="underline">{item.title}</Link></p>
                  ))}
                </div>
                <div className="text-right tabular-nums">
                  <p>{formatDuration(step.durationMs)}</p>
                  <div className="mt-1 h-1.5 rounded bg-slate-100" aria-hidden="true">
                    <div className={`h-1.5 rounded ${step.isError ? 'bg-rose-500' : 'bg-sky-500'}`} style={{ width: `${Math.max(2, ((step.durationMs ?? 0) / longest) * 100)}%` }} />
                  </div>
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      {nextHref && <Link href={nextHref} data-testid="timeline-next" className="inline-block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">Later steps →</Link>}
    </div>
  );
}
