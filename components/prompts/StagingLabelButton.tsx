'use client';

import { useActionState } from 'react';
import { INITIAL_FORM_STATE, type FormAction } from '@/components/cases/formState';

/** Points the staging label at one version (leads). Production has no such button: it moves with releases. */
export function StagingLabelButton({ action, name, version }: { action: FormAction; name: string; version: number }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name="name" value={name} />
      <input type="hidden" name="version" value={version} />
      <button type="submit" disabled={pending} data-testid={`label-staging-v${version}`} className="text-xs text-sky-700 hover:underline disabled:opacity-60">
        {pending ? 'Labelling…' : 'Label staging'}
      </button>
      {state.ok === false && <span role="alert" className="ml-2 text-xs text-rose-700">{state.message}</span>}
    </form>
  );
}
