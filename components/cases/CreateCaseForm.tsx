'use client';

import { useActionState } from 'react';
import { FieldError, FormMessage } from './FieldError';
import { INITIAL_FORM_STATE, type FormAction } from './formState';

/** Opens a case (title, optional first note); the action redirects to the new case. */
export function CreateCaseForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="New case" data-testid="create-case-form">
      <h2 className="text-lg font-semibold">New case</h2>
      <div>
        <label htmlFor="case-title" className="block text-xs font-medium uppercase tracking-wide text-slate-500">Title</label>
        <input id="case-title" name="title" maxLength={200} aria-invalid={Boolean(state.fields.title) || undefined}
          className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" placeholder="e.g. Exfiltration via fetch_url, 25 Nov" />
        <FieldError name="title" fields={state.fields} />
      </div>
      <div>
        <label htmlFor="case-note" className="block text-xs font-medium uppercase tracking-wide text-slate-500">First note (optional)</label>
        <textarea id="case-note" name="note" rows={3} className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        <FieldError name="note" fields={state.fields} />
      </div>
      <FormMessage {...state} names={['title', 'note']} />
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {pending ? 'Creating…' : 'Create case'}
      </button>
    </form>
  );
}
