import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/LoginForm';
import { SsoButton } from '@/components/auth/SsoButton';
import { oidcConfig } from '@/lib/auth/oidc';
import { currentUser } from '@/lib/auth/server';
import { safeCallbackPath } from '@/lib/http';

export const metadata: Metadata = { title: 'Sign in' };

const REASONS: Record<string, string> = {
  'signed-out': 'Your session ended. Sign in again.',
};

// next-auth's error codes after a single sign-on round trip (pages.error is this page).
const SSO_ERRORS: Record<string, string> = {
  AccessDenied: 'The identity provider signed you in, but Warden refused the account: it has no Warden role (ask an admin to map one of your groups), its email is not verified, or it is deactivated.',
  OAuthSignin: 'Single sign-on could not start: the identity provider did not answer. Try again, or ask an admin to check the OIDC settings.',
  OAuthCallback: 'Single sign-on failed on the way back from the identity provider. Start again from this page.',
  Callback: 'Single sign-on failed on the way back from the identity provider. Start again from this page.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackPath);
  const reason = typeof params.reason === 'string' ? REASONS[params.reason] : undefined;
  const sso = oidcConfig();
  const ssoError = sso && typeof params.error === 'string' ? SSO_ERRORS[params.error] ?? SSO_ERRORS.Callback : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to Warden</h1>
        <p className="mt-1 text-sm text-slate-600">Audit console for MCP servers and AI agents.</p>
        {reason && <p className="mt-4 rounded bg-amber-50 p-2 text-sm text-amber-800">{reason}</p>}
        {ssoError && <p role="alert" data-testid="sso-error" className="mt-4 rounded bg-rose-50 p-2 text-sm text-rose-700">{ssoError}</p>}
        <LoginForm callbackPath={callbackPath} />
        {sso && <SsoButton name={sso.name} callbackPath={callbackPath} />}
      </div>
    </main>
  );
}
