'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/cases/FieldError';
import { INITIAL_FORM_STATE, type FormAction } from '@/components/cases/formState';
import { VersionFields, type VersionDefaults } from './VersionFields';

/** Adds the next version, starting from the latest one; refused if another version landed meanwhile. */
export function AddVersionForm({ action, name, baseVersion, defaults }: { action: FormAction; name: string; baseVersion: number; defaults: VersionDefaults }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="New version" data-testid="add-version-form">
      <h2 className="text-lg font-semibold">New version <span className="text-sm font-normal text-slate-500">(from v{baseVersion})</span></h2>
      <input type="hidden" name="name" value={name} />
      <input type="hidden" name="baseVersion" value={baseVersion} />
      <VersionFields fields={state.fields} defaults={defaults} idPrefix="add-version" />
      <FormMessage {...state} names={['template', 'variables', 'parameters', 'tag', 'message']} />
      {state.fields.baseVersion && <p role="alert" className="text-xs text-rose-700">{state.fields.baseVersion.join('; ')}</p>}
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {pending ? 'Registering…' : `Register v${baseVersion + 1}`}
      </button>
    </form>
  );
}
