'use client';

import { useActionState } from 'react';
import { CopyButton } from '../ui/CopyButton';
import { INITIAL_ADMIN_FORM_STATE, type AdminFormAction } from './adminFormState';
import { smallButtonClass } from './FormErrors';

export interface UserActions {
  setRole: AdminFormAction<{ changed: boolean }>;
  setActive: AdminFormAction<{ active: boolean }>;
  resetPassword: AdminFormAction<{ email: string; password: string }>;
}

function Refusal({ state }: { state: { ok: boolean | null; message: string | null } }) {
  return state.ok === false && state.message ? <p role="alert" className="mt-1 text-xs text-rose-700">{state.message}</p> : null;
}

export function RoleForm({ email, role, action }: { email: string; role: string; action: UserActions['setRole'] }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_ADMIN_FORM_STATE);
  return (
    <form action={formAction} className="flex items-center gap-2" aria-label={`Role of ${email}`}>
      <input type="hidden" name="email" value={email} />
      <select name="role" defaultValue={role} aria-label="Role" className="rounded-md border border-slate-300 px-1 py-0.5 text-sm">
        <option value="analyst">analyst</option><option value="lead">lead</option><option value="admin">admin</option>
      </select>
      <button type="submit" disabled={pending} className={smallButtonClass}>Set role</button>
      <Refusal state={state} />
    </form>
  );
}

export function UserRowActions({ email, active, actions }: { email: string; active: boolean; actions: UserActions }) {
  const [activeState, activeAction, activePending] = useActionState(actions.setActive, INITIAL_ADMIN_FORM_STATE);
  const [resetState, resetAction, resetPending] = useActionState(actions.resetPassword, INITIAL_ADMIN_FORM_STATE);
  return (
    <div className="space-y-1">
      <div className="flex gap-2">
        <form action={activeAction}>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="active" value={active ? 'false' : 'true'} />
          <button type="submit" disabled={activePending} className={smallButtonClass}
            onClick={(event) => { if (active && !confirm(`Deactivate ${email}? Their sessions end at once.`)) event.preventDefault(); }}>
            {active ? 'Deactivate' : 'Activate'}
          </button>
        </form>
        <form action={resetAction}>
          <input type="hidden" name="email" value={email} />
          <button type="submit" disabled={resetPending} className={smallButtonClass}
            onClick={(event) => { if (!confirm(`Reset the password of ${email}? Their sessions end at once.`)) event.preventDefault(); }}>
            Reset password
          </button>
        </form>
      </div>
      <Refusal state={activeState} />
      <Refusal state={resetState} />
      {resetState.ok && resetState.data && (
        <div role="status" data-testid="reset-password" className="flex items-center gap-2 text-xs">
          New password (shown once): <code className="rounded bg-amber-50 px-1 font-mono">{resetState.data.password}</code>
          <CopyButton text={resetState.data.password} />
        </div>
      )}
    </div>
  );
}
