'use client';

import { useActionState } from 'react';
import { INITIAL_FORM_STATE, type FormAction } from '@/components/cases/formState';

/** Starts a dry run of one release in staging; the action redirects to the run page when it is done. */
export function RunSuitesButton({ action, releaseId, releaseName }: { action: FormAction; releaseId: string; releaseName: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="releaseId" value={releaseId} />
      <button type="submit" disabled={pending} aria-label={`Run suites for ${releaseName}`}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-xs font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {pending ? 'Running in staging…' : 'Run suites'}
      </button>
      {state.ok === false && <p role="alert" className="max-w-xs text-xs text-rose-700">{state.message}</p>}
    </form>
  );
}
