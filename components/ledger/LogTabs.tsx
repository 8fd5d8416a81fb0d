import Link from 'next/link';
import type { LedgerLog } from '@/lib/environment';

/** The environment's log (chosen with the environment switcher) or the console's own audit log. */
export function LogTabs({ environment, current }: { environment: LedgerLog; current: LedgerLog }) {
  const tabs: Array<{ log: LedgerLog; label: string; href: string }> = [
    { log: environment, label: `${environment} executions`, href: '/ledger' },
    { log: 'console', label: 'console actions', href: '/ledger?log=console' },
  ];
  return (
    <nav aria-label="Ledger logs" className="mb-6 flex gap-2">
      {tabs.map((tab) => (
        <Link key={tab.log} href={tab.href} aria-current={tab.log === current ? 'page' : undefined}
          className={`rounded-md px-3 py-1.5 text-sm font-medium ${tab.log === current ? 'bg-slate-900 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50'}`}>
          {tab.label} log
        </Link>
      ))}
    </nav>
  );
}
