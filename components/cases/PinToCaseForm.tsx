'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FieldError, FormMessage } from './FieldError';
import { INITIAL_FORM_STATE, type FormAction } from './formState';

export interface CaseOption {
  id: string;
  title: string;
}

/** Pins one execution into an open case; lists the cases it is already pinned in. */
export function PinToCaseForm({ action, environment, seq, openCases, pinnedIn }: {
  action: FormAction; environment: string; seq: number; openCases: CaseOption[]; pinnedIn: Array<CaseOption & { status: string }>;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const pinnedIds = new Set(pinnedIn.map((item) => item.id));
  const choices = openCases.filter((item) => !pinnedIds.has(item.id));
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5" aria-label="Cases" data-testid="pin-to-case">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Cases</h2>
      {pinnedIn.length > 0 ? (
        <ul className="mt-2 space-y-1 text-sm" data-testid="pinned-in">
          {pinnedIn.map((item) => (
            <li key={item.id}>Pinned in <Link href={`/cases/${item.id}`} className="font-medium text-sky-700 hover:underline">{item.title}</Link>
              <span className="text-slate-500"> ({item.status})</span></li>
          ))}
        </ul>
      ) : <p className="mt-2 text-sm text-slate-500">Not pinned in any case.</p>}
      {choices.length > 0 ? (
        <form action={formAction} className="mt-3 flex flex-wrap items-end gap-2">
          <input type="hidden" name="environment" value={environment} />
          <input type="hidden" name="seq" value={seq} />
          <div className="min-w-48 flex-1">
            <label htmlFor="pin-case" className="block text-xs font-medium uppercase tracking-wide text-slate-500">Open case</label>
            <select id="pin-case" name="caseId" className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
              {choices.map((item) => <option key={item.id} value={item.id}>{item.title}</option>)}
            </select>
          </div>
          <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
            {pending ? 'Pinning…' : 'Pin to case'}
          </button>
        </form>
      ) : <p className="mt-3 text-sm text-slate-500">No other open case. <Link href="/cases" className="text-sky-700 underline">Open a new case</Link> to pin this execution.</p>}
      <FieldError name="caseId" fields={state.fields} />
      <FieldError name="seq" fields={state.fields} />
      <FormMessage {...state} names={['caseId', 'seq']} />
    </section>
  );
}
