'use client';

import { useActionState } from 'react';
import { FieldError, FormMessage } from '@/components/cases/FieldError';
import { INITIAL_FORM_STATE, type FormAction } from '@/components/cases/formState';
import { VersionFields } from './VersionFields';

const label = 'block text-xs font-medium uppercase tracking-wide text-slate-500';
const input = 'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm';

/** Registers a prompt with its first version; the action opens the new prompt's page. */
export function CreatePromptForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="New prompt" data-testid="create-prompt-form">
      <h2 className="text-lg font-semibold">New prompt</h2>
      <div>
        <label htmlFor="new-prompt-name" className={label}>Name</label>
        <input id="new-prompt-name" name="name" maxLength={128} aria-invalid={Boolean(state.fields.name) || undefined} className={input} placeholder="triage-ticket" />
        <FieldError name="name" fields={state.fields} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="new-prompt-description" className={label}>Description</label>
          <input id="new-prompt-description" name="description" className={input} />
          <FieldError name="description" fields={state.fields} />
        </div>
        <div>
          <label htmlFor="new-prompt-owner" className={label}>Owner</label>
          <input id="new-prompt-owner" name="owner" className={input} placeholder="team or person" />
          <FieldError name="owner" fields={state.fields} />
        </div>
      </div>
      <VersionFields fields={state.fields} idPrefix="new-prompt" />
      <FormMessage {...state} names={['name', 'description', 'owner', 'template', 'variables', 'parameters', 'tag', 'message']} />
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {pending ? 'Registering…' : 'Register prompt (v1)'}
      </button>
    </form>
  );
}
