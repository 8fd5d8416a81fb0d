'use client';

import { useActionState } from 'react';
import { CopyButton } from '../ui/CopyButton';
import { INITIAL_ADMIN_FORM_STATE, type AdminFormAction } from './adminFormState';
import { buttonClass, FieldError, FormMessage, inputClass, labelClass } from './FormErrors';

type Created = { email: string; password: string };

/** Adds a user with a generated one-time password, shown once here to hand over. */
export function CreateUserForm({ action }: { action: AdminFormAction<Created> }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_ADMIN_FORM_STATE);
  return (
    <form action={formAction} aria-label="Add a user" data-testid="create-user-form" className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Add a user</h2>
      <div className="grid grid-cols-3 gap-3">
        <div>
          <label htmlFor="user-email" className={labelClass}>Email</label>
          <input id="user-email" name="email" type="email" required className={inputClass} placeholder="ana@example.com" />
          <FieldError name="email" fields={state.fields} />
        </div>
        <div>
          <label htmlFor="user-name" className={labelClass}>Name (optional)</label>
          <input id="user-name" name="name" className={inputClass} />
          <FieldError name="name" fields={state.fields} />
        </div>
        <div>
          <label htmlFor="user-role" className={labelClass}>Role</label>
          <select id="user-role" name="role" defaultValue="analyst" className={inputClass}>
            <option value="analyst">analyst — reads everything but Admin</option>
            <option value="lead">lead — also approves promotions</option>
            <option value="admin">admin — also manages users and tokens</option>
          </select>
          <FieldError name="role" fields={state.fields} />
        </div>
      </div>
      <FormMessage {...state} names={['email', 'name', 'role']} />
      {state.ok && state.data && (
        <div role="status" data-testid="one-time-password" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Created <strong>{state.data.email}</strong>. Password (shown once — hand it over through a secure channel; Warden keeps only its bcrypt hash):
          <div className="mt-2 flex items-center gap-2"><code className="rounded bg-white px-2 py-1 font-mono">{state.data.password}</code><CopyButton text={state.data.password} /></div>
        </div>
      )}
      <button type="submit" disabled={pending} className={buttonClass}>{pending ? 'Adding…' : 'Add user'}</button>
    </form>
  );
}
