'use client';

import { useActionState } from 'react';
import type { ShownToken as ShownTokenData } from '@/lib/admin/tokenCommands';
import { INITIAL_ADMIN_FORM_STATE, type AdminFormAction } from './adminFormState';
import { smallButtonClass } from './FormErrors';
import { ShownToken } from './ShownToken';

export interface TokenActions {
  revoke: AdminFormAction<{ prefix: string; revoked: boolean }>;
  rotate: AdminFormAction<ShownTokenData & { oldPrefix: string; graceUntil: string }>;
}

export function TokenRowActions({ id, prefix, live, actions }: { id: string; prefix: string; live: boolean; actions: TokenActions }) {
  const [revokeState, revokeAction, revoking] = useActionState(actions.revoke, INITIAL_ADMIN_FORM_STATE);
  const [rotateState, rotateAction, rotating] = useActionState(actions.rotate, INITIAL_ADMIN_FORM_STATE);
  return (
    <div className="space-y-2">
      {live && (
        <div className="flex flex-wrap items-center gap-2">
          <form action={revokeAction}>
            <input type="hidden" name="id" value={id} />
            <button type="submit" disabled={revoking} className={smallButtonClass} data-testid={`revoke-${prefix}`}
              onClick={(event) => { if (!confirm(`Revoke ${prefix}…? It stops working at once.`)) event.preventDefault(); }}>Revoke</button>
          </form>
          <form action={rotateAction} className="flex items-center gap-1">
            <input type="hidden" name="id" value={id} />
            <label className="text-xs text-slate-500">grace <input name="graceHours" type="number" min={0} max={720} defaultValue={24} aria-label="Grace period in hours"
              className="w-14 rounded border border-slate-300 px-1 py-0.5 text-xs" /> h</label>
            <button type="submit" disabled={rotating} className={smallButtonClass} data-testid={`rotate-${prefix}`}>Rotate</button>
          </form>
        </div>
      )}
      {[revokeState, rotateState].map((state, i) => state.ok === false && state.message
        ? <p key={i} role="alert" className="text-xs text-rose-700">{state.message}</p> : null)}
      {rotateState.ok && rotateState.data && (
        <ShownToken token={rotateState.data}
          heading={`New token ${rotateState.data.prefix}…; ${rotateState.data.oldPrefix}… keeps working until ${rotateState.data.graceUntil.replace('T', ' ').slice(0, 16)} UTC`} />
      )}
    </div>
  );
}
