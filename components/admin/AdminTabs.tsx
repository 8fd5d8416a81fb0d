import Link from 'next/link';

const TABS = [
  { href: '/admin', label: 'Users' },
  { href: '/admin/tokens', label: 'API tokens' },
  { href: '/admin/policies', label: 'Agent policies' },
  { href: '/admin/audit', label: 'Audit log' },
] as const;

export function AdminTabs({ active }: { active: (typeof TABS)[number]['href'] }) {
  return (
    <nav aria-label="Admin sections" className="mb-6 flex gap-1 border-b border-slate-200">
      {TABS.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={tab.href === active ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab.href === active ? 'border-slate-900 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
