'use client';

import { useActionState } from 'react';
import { FieldError, FormMessage } from '@/components/cases/FieldError';
import { INITIAL_FORM_STATE, type FormAction } from '@/components/cases/formState';

const BUTTON = 'rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60';
const LABELS: Record<string, string> = { open: 'Reopen', acknowledged: 'Acknowledge', resolved: 'Resolve', false_positive: 'False positive' };

/** One button per status the alert can move to. */
export function AlertStatusForm({ action, alertId, status }: { action: FormAction; alertId: string; status: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const next = ['acknowledged', 'resolved', 'false_positive', 'open'].filter((candidate) => candidate !== status && !(status === 'open' && candidate === 'open'));
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="alertId" value={alertId} />
      {next.map((candidate) => (
        <button key={candidate} type="submit" name="status" value={candidate} disabled={pending}
          className={`${BUTTON} ${candidate === 'acknowledged' ? 'bg-slate-900 text-white hover:bg-slate-700' : 'border border-slate-300 bg-white hover:bg-slate-50'}`}>
          {LABELS[candidate]}
        </button>
      ))}
      <FieldError name="status" fields={state.fields} />
      <FormMessage {...state} names={['status']} />
    </form>
  );
}

export function AssignAlertForm({ action, alertId, assignee, users }: { action: FormAction; alertId: string; assignee: string | null; users: string[] }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="flex flex-wrap items-start gap-2">
      <input type="hidden" name="alertId" value={alertId} />
      <label htmlFor="alert-assignee" className="sr-only">Assignee</label>
      <select id="alert-assignee" name="assignee" defaultValue={assignee ?? ''} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
        <option value="">Unassigned</option>
        {users.map((user) => <option key={user} value={user}>{user}</option>)}
      </select>
      <button type="submit" disabled={pending} className={`${BUTTON} border border-slate-300 bg-white hover:bg-slate-50`}>Assign</button>
      <FieldError name="assignee" fields={state.fields} />
      <FormMessage {...state} names={['assignee']} />
    </form>
  );
}

export function AlertNoteForm({ action, alertId }: { action: FormAction; alertId: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="alertId" value={alertId} />
      <label htmlFor="alert-note" className="block text-xs font-medium uppercase tracking-wide text-slate-500">Add a note</label>
      <textarea id="alert-note" name="body" rows={3} aria-invalid={Boolean(state.fields.body) || undefined}
        className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" placeholder="What you checked, what it was, what happens next" />
      <FieldError name="body" fields={state.fields} />
      <FormMessage {...state} names={['body']} />
      <button type="submit" disabled={pending} className={`${BUTTON} bg-slate-900 text-white hover:bg-slate-700`}>{pending ? 'Saving…' : 'Add note'}</button>
    </form>
  );
}
