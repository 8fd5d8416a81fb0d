import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/LoginForm';
import { currentUser } from '@/lib/auth/server';
import { safeCallbackPath } from '@/lib/http';

export const metadata: Metadata = { title: 'Sign in' };

const REASONS: Record<string, string> = {
  'signed-out': 'Your session ended. Sign in again.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackPath);
  const reason = typeof params.reason === 'string' ? REASONS[params.reason] : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to Warden</h1>
        <p className="mt-1 text-sm text-slate-600">Audit console for MCP servers and AI agents.</p>
        {reason && <p className="mt-4 rounded bg-amber-50 p-2 text-sm text-amber-800">{reason}</p>}
        <LoginForm callbackPath={callbackPath} />
      </div>
    </main>
  );
}
