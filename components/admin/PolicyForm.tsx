'use client';

import { useActionState } from 'react';
import { INITIAL_ADMIN_FORM_STATE, type AdminFormAction } from './adminFormState';
import { buttonClass, FieldError, FormMessage, inputClass, labelClass } from './FormErrors';

export interface PolicyFormValues {
  agentId: string;
  version: number;
  allowedTools: string[];
  allowedFileRoots: string[];
  writableFileRoots: string[];
  allowedEgressHosts: string[];
  maxScopes: string[];
}

const NAMES = ['agentId', 'allowedTools', 'allowedFileRoots', 'writableFileRoots', 'allowedEgressHosts', 'maxScopes', 'note', 'baseVersion'];

function ListField({ name, label, hint, values, fields }: { name: string; label: string; hint: string; values: string[]; fields: Record<string, string[]> }) {
  return (
    <div>
      <label htmlFor={`policy-${name}`} className={labelClass}>{label}</label>
      <textarea id={`policy-${name}`} name={name} rows={4} defaultValue={values.join('\n')} className={`${inputClass} font-mono`} placeholder={hint} />
      <FieldError name={name} fields={fields} />
    </div>
  );
}

/** Creates an agent's policy (v1) or saves a change as the next version. Empty lists allow nothing. */
export function PolicyForm({ action, initial, scopes }: { action: AdminFormAction<{ version: number; changed: boolean }>; initial: PolicyFormValues | null; scopes: string[] }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_ADMIN_FORM_STATE);
  const values = initial ?? { agentId: '', version: 0, allowedTools: [], allowedFileRoots: [], writableFileRoots: [], allowedEgressHosts: [], maxScopes: [] };
  return (
    <form action={formAction} aria-label={initial ? 'Change the policy' : 'New agent policy'} data-testid="policy-form" className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold">{initial ? `Change the policy (saves v${values.version + 1})` : 'New agent policy'}</h2>
      <input type="hidden" name="baseVersion" value={values.version} />
      {initial ? <input type="hidden" name="agentId" value={values.agentId} /> : (
        <div>
          <label htmlFor="policy-agentId" className={labelClass}>Agent id (the records&apos; agent_id)</label>
          <input id="policy-agentId" name="agentId" required maxLength={200} className={inputClass} placeholder="research-bot" />
          <FieldError name="agentId" fields={state.fields} />
        </div>
      )}
      <div className="grid grid-cols-2 gap-3">
        <ListField name="allowedTools" label="Allowed tools (one per line; * = any)" hint={'read_file\nfetch_url'} values={values.allowedTools} fields={state.fields} />
        <ListField name="allowedEgressHosts" label="Allowed egress hosts (*.example.com = subdomains)" hint={'api.github.com\n*.acme.dev'} values={values.allowedEgressHosts} fields={state.fields} />
        <ListField name="allowedFileRoots" label="Allowed file roots, read-only (absolute)" hint={'/srv/docs'} values={values.allowedFileRoots.filter((root) => !values.writableFileRoots.includes(root))} fields={state.fields} />
        <ListField name="writableFileRoots" label="Writable file roots (absolute)" hint={'/srv/agent-out'} values={values.writableFileRoots} fields={state.fields} />
      </div>
      <fieldset>
        <legend className={labelClass}>Maximum token scopes</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="maxScopes" value={scope} defaultChecked={values.maxScopes.includes(scope)} /> <code>{scope}</code>
            </label>
          ))}
        </div>
        <FieldError name="maxScopes" fields={state.fields} />
      </fieldset>
      <div>
        <label htmlFor="policy-note" className={labelClass}>Why (kept with the version)</label>
        <input id="policy-note" name="note" maxLength={2000} className={inputClass} placeholder="e.g. drop wiki access after the incident of 25 Nov" />
      </div>
      <FieldError name="baseVersion" fields={state.fields} />
      <FormMessage {...state} names={NAMES} />
      {state.ok && state.message && <p role="status" className="text-sm text-emerald-700">{state.message}</p>}
      <button type="submit" disabled={pending} className={buttonClass}>{pending ? 'Saving…' : initial ? 'Save new version' : 'Create policy'}</button>
    </form>
  );
}
