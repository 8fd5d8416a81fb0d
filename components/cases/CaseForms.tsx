'use client';

import { useActionState } from 'react';
import { FieldError, FormMessage } from './FieldError';
import { INITIAL_FORM_STATE, type FormAction } from './formState';

const BUTTON = 'rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60';

/** Closes an open case or reopens a closed one. */
export function CaseStatusForm({ action, caseId, status }: { action: FormAction; caseId: string; status: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const next = status === 'open' ? 'closed' : 'open';
  return (
    <form action={formAction}>
      <input type="hidden" name="caseId" value={caseId} />
      <input type="hidden" name="status" value={next} />
      <button type="submit" disabled={pending}
        className={`${BUTTON} ${next === 'closed' ? 'bg-slate-900 text-white hover:bg-slate-700' : 'border border-slate-300 bg-white hover:bg-slate-50'}`}>
        {next === 'closed' ? 'Close case' : 'Reopen case'}
      </button>
      <FormMessage {...state} names={[]} />
    </form>
  );
}

export function RenameCaseForm({ action, caseId, title }: { action: FormAction; caseId: string; title: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600">Rename</summary>
      <form action={formAction} className="mt-2 flex flex-wrap items-start gap-2">
        <input type="hidden" name="caseId" value={caseId} />
        <div>
          <label htmlFor="rename-title" className="sr-only">New title</label>
          <input id="rename-title" name="title" defaultValue={title} maxLength={200} className="w-80 rounded-md border border-slate-300 px-2 py-1.5" />
          <FieldError name="title" fields={state.fields} />
        </div>
        <button type="submit" disabled={pending} className={`${BUTTON} border border-slate-300 bg-white hover:bg-slate-50`}>Save title</button>
      </form>
      <FormMessage {...state} names={['title']} />
    </details>
  );
}

/** Appends a note (React resets the form once the action has run). */
export function AddNoteForm({ action, caseId }: { action: FormAction; caseId: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="caseId" value={caseId} />
      <label htmlFor="note-body" className="block text-xs font-medium uppercase tracking-wide text-slate-500">Add a note</label>
      <textarea id="note-body" name="body" rows={3} aria-invalid={Boolean(state.fields.body) || undefined}
        className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" placeholder="What you found, what you did, what is next" />
      <FieldError name="body" fields={state.fields} />
      <FormMessage {...state} names={['body']} />
      <button type="submit" disabled={pending} className={`${BUTTON} bg-slate-900 text-white hover:bg-slate-700`}>{pending ? 'Saving…' : 'Add note'}</button>
    </form>
  );
}

export function UnpinButton({ action, caseId, environment, seq }: { action: FormAction; caseId: string; environment: string; seq: number }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction}>
      <input type="hidden" name="caseId" value={caseId} />
      <input type="hidden" name="environment" value={environment} />
      <input type="hidden" name="seq" value={seq} />
      <button type="submit" disabled={pending} aria-label={`Unpin ${environment}/${seq}`} className="text-xs text-rose-700 hover:underline disabled:opacity-60">Unpin</button>
      <FormMessage {...state} names={[]} />
    </form>
  );
}
