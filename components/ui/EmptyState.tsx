import type { ReactNode } from 'react';

/** What a section will show once it has data, and the first steps to get there. */
export function EmptyState({ title, steps, children }: { title: string; steps: ReactNode[]; children?: ReactNode }) {
  return (
    <section data-testid="empty-state" className="rounded-xl border border-dashed border-slate-300 bg-white p-8">
      <h2 className="text-lg font-semibold">{title}</h2>
      <ol className="mt-4 list-decimal space-y-2 pl-5 text-slate-700">
        {steps.map((step, index) => <li key={index}>{step}</li>)}
      </ol>
      {children}
    </section>
  );
}
