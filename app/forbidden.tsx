import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-12 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold text-rose-600">403 Forbidden</p>
      <h1 className="mt-2 text-2xl font-semibold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">
        Your role does not include it. Ask a Warden admin if you need it for your work.
      </p>
      <Link href="/executions" className="mt-6 inline-block text-sky-700 underline">Back to Executions</Link>
    </main>
  );
}
