'use client';

import { useActionState } from 'react';
import type { ShownToken as ShownTokenData } from '@/lib/admin/tokenCommands';
import { INITIAL_ADMIN_FORM_STATE, type AdminFormAction } from './adminFormState';
import { buttonClass, FieldError, FormMessage, inputClass, labelClass } from './FormErrors';
import { ShownToken } from './ShownToken';

const NAMES = ['name', 'environment', 'scopes', 'expiresInDays', 'allowedCidrs', 'agentId'];

export function CreateTokenForm({ action, scopes }: { action: AdminFormAction<ShownTokenData>; scopes: Array<{ name: string; description: string }> }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_ADMIN_FORM_STATE);
  return (
    <div className="space-y-4">
      {state.ok && state.data && <ShownToken token={state.data} heading={`Token ${state.data.prefix}… created for ${state.data.environment}`} />}
      <form action={formAction} aria-label="Create a token" data-testid="create-token-form" className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Create a token</h2>
        <div className="grid grid-cols-3 gap-3">
          <div>
            <label htmlFor="token-name" className={labelClass}>Name</label>
            <input id="token-name" name="name" required maxLength={100} className={inputClass} placeholder="vector-prod-eu" />
            <FieldError name="name" fields={state.fields} />
          </div>
          <div>
            <label htmlFor="token-environment" className={labelClass}>Environment</label>
            <select id="token-environment" name="environment" defaultValue="staging" className={inputClass}>
              <option value="staging">staging</option><option value="production">production</option>
            </select>
            <FieldError name="environment" fields={state.fields} />
          </div>
          <div>
            <label htmlFor="token-expiry" className={labelClass}>Expires in (days; 0 = never)</label>
            <input id="token-expiry" name="expiresInDays" type="number" min={0} max={3650} defaultValue={90} className={inputClass} />
            <FieldError name="expiresInDays" fields={state.fields} />
          </div>
        </div>
        <fieldset>
          <legend className={labelClass}>Scopes (grant the fewest that work)</legend>
          <div className="mt-1 grid grid-cols-2 gap-1">
            {scopes.map((scope) => (
              <label key={scope.name} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope.name} defaultChecked={scope.name === 'ingest:write'} className="mt-1" />
                <span><code>{scope.name}</code> <span className="text-slate-500">— {scope.description}</span></span>
              </label>
            ))}
          </div>
          <FieldError name="scopes" fields={state.fields} />
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor="token-cidrs" className={labelClass}>Allowed source networks (optional)</label>
            <input id="token-cidrs" name="allowedCidrs" className={inputClass} placeholder="10.0.0.0/8, 2001:db8::/32 — empty: anywhere" />
            <FieldError name="allowedCidrs" fields={state.fields} />
          </div>
          <div>
            <label htmlFor="token-agent" className={labelClass}>For agent (optional)</label>
            <input id="token-agent" name="agentId" className={inputClass} placeholder="research-bot — scopes capped by its policy" />
            <FieldError name="agentId" fields={state.fields} />
          </div>
        </div>
        <FormMessage {...state} names={NAMES} />
        <button type="submit" disabled={pending} className={buttonClass}>{pending ? 'Creating…' : 'Create token'}</button>
      </form>
    </div>
  );
}
