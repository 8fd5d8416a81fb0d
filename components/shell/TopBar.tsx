import Link from 'next/link';
import type { Environment } from '@/lib/environment';
import type { Role } from '@/lib/auth/roles';
import { EnvironmentSwitcher } from './EnvironmentSwitcher';
import { SignOutButton } from './SignOutButton';

export function TopBar({ email, role, environment }: { email: string; role: Role; environment: Environment }) {
  return (
    <header className="flex h-14 items-center justify-between bg-slate-900 px-4 text-white">
      <div className="flex items-center gap-6">
        <Link href="/executions" className="flex items-center gap-2 font-semibold">
          <img src="/icon.svg" alt="" width={24} height={24} /> Warden
        </Link>
        <EnvironmentSwitcher current={environment} />
      </div>
      <div className="flex items-center gap-3 text-sm">
        <span data-testid="current-user">{email}</span>
        <span data-testid="current-role" className="rounded-full bg-slate-700 px-2 py-0.5 text-xs uppercase tracking-wide">{role}</span>
        <SignOutButton />
      </div>
    </header>
  );
}
