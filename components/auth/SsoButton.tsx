'use client';

import { signIn } from 'next-auth/react';

/** Shown when OIDC single sign-on is configured (WARDEN_OIDC_ISSUER). */
export function SsoButton({ name, callbackPath }: { name: string; callbackPath: string }) {
  return (
    <button type="button" onClick={() => void signIn('oidc', { callbackUrl: callbackPath })}
      className="mt-4 w-full rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
      Sign in with {name}
    </button>
  );
}
