'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS } from './navigation';

export function SideNav({ showAdmin }: { showAdmin: boolean }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((item) => showAdmin || !item.adminOnly);
  return (
    <nav aria-label="Sections" className="w-52 shrink-0 border-r border-slate-200 bg-white p-3">
      <ul className="space-y-1">
        {items.map((item) => {
          const active = pathname === item.href || pathname.startsWith(item.href + '/');
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={active ? 'page' : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-medium ${active ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
