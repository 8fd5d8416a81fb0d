import Link from 'next/link';
import type { ReactNode } from 'react';

export const TABLE = 'w-full text-left text-sm';
export const TH = 'border-b border-slate-200 px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-500';
export const TD = 'border-b border-slate-100 px-2 py-1.5 align-top';

export function Section({ title, children, actions, testId }: { title: string; children: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <section data-testid={testId} className="mb-6 rounded-xl border border-slate-200 bg-white p-4">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

const STATUS: Record<string, string> = {
  requested: 'bg-sky-100 text-sky-800', approved: 'bg-amber-100 text-amber-800', deployed: 'bg-emerald-100 text-emerald-800',
  rejected: 'bg-rose-100 text-rose-800', expired: 'bg-slate-200 text-slate-700', superseded: 'bg-slate-200 text-slate-700',
  promotion: 'bg-emerald-100 text-emerald-800', deploy: 'bg-sky-100 text-sky-800', rollback: 'bg-rose-100 text-rose-800', model_rollback: 'bg-amber-100 text-amber-800',
};

export function StatusBadge({ status }: { status: string }) {
  return <span data-testid="status" className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS[status] ?? 'bg-slate-100'}`}>{status.replace('_', ' ')}</span>;
}

export function ReleaseLink({ id, name }: { id: string; name: string }) {
  return <Link href={`/registry/releases/${id}`} className="font-medium text-sky-700 hover:underline">{name}</Link>;
}

export const when = (date: Date | string) => new Date(date).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';

export interface GateView { name: string; title: string; passed: boolean; blocking: boolean; summary: string; details: string[]; link: string | null }

export function GateList({ gates }: { gates: GateView[] }) {
  return (
    <ul className="space-y-2" data-testid="gates">
      {gates.map((gate) => (
        <li key={gate.name} data-testid={`gate-${gate.name}`} data-passed={gate.passed} className={`rounded-md border p-2 text-sm ${gate.passed ? 'border-emerald-300 bg-emerald-50' : 'border-rose-300 bg-rose-50'}`}>
          <div className="flex items-center gap-2">
            <span aria-hidden className={gate.passed ? 'text-emerald-700' : 'text-rose-700'}>{gate.passed ? '●' : '●'}</span>
            <span className="font-medium">{gate.title}</span>
            <span className={`text-xs ${gate.passed ? 'text-emerald-700' : 'text-rose-700'}`}>{gate.passed ? 'passed' : 'not passed'}</span>
            {!gate.blocking && <span className="text-xs text-slate-500">(advisory: does not block)</span>}
          </div>
          <p className="mt-1 text-slate-700">{gate.summary} {gate.link && <Link href={gate.link} className="text-sky-700 hover:underline">evidence</Link>}</p>
          {gate.details.length > 0 && <ul className="mt-1 list-disc pl-5 text-xs text-slate-600">{gate.details.map((detail) => <li key={detail}>{detail}</li>)}</ul>}
        </li>
      ))}
    </ul>
  );
}
