import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { SideNav } from '@/components/shell/SideNav';
import { TopBar } from '@/components/shell/TopBar';
import { currentUser } from '@/lib/auth/server';
import { ENVIRONMENT_COOKIE, selectedEnvironment } from '@/lib/environment';

// Layouts do not re-run on every navigation, so they never guard: each page calls requireRole itself.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const environment = selectedEnvironment(undefined, (await cookies()).get(ENVIRONMENT_COOKIE)?.value);
  return (
    <div className="flex min-h-screen flex-col">
      {user && <TopBar email={user.email} role={user.role} environment={environment} />}
      <div className="flex flex-1">
        {user && <SideNav showAdmin={user.role === 'admin'} />}
        <main className="flex-1 p-8">{children}</main>
      </div>
    </div>
  );
}
