'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { GENERIC_SIGN_IN_ERROR } from './messages';


export function LoginForm({ callbackPath }: { callbackPath: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    }).catch(() => null);
    if (result?.ok && !result.error) {
      window.location.assign(callbackPath);
      return;
    }
    setPending(false);
    setError(GENERIC_SIGN_IN_ERROR);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <label className="block text-sm font-medium">
        Email
        <input name="email" type="email" autoComplete="username" required
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-sky-500 focus:outline-none" />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-sky-500 focus:outline-none" />
      </label>
      {error && <p role="alert" data-testid="sign-in-error" className="rounded bg-rose-50 p-2 text-sm text-rose-700">{error}</p>}
      <button type="submit" disabled={pending}
        className="w-full rounded-md bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
