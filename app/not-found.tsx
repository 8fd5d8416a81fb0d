import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-12 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Nothing here</h1>
      <p className="mt-2 text-slate-600">The page does not exist, or the link is out of date.</p>
      <Link href="/executions" className="mt-6 inline-block text-sky-700 underline">Go to Executions</Link>
    </main>
  );
}
