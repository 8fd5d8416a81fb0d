import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AdminTabs } from '@/components/admin/AdminTabs';
import { CreateUserForm } from '@/components/admin/CreateUserForm';
import { UsersTable } from '@/components/admin/UsersTable';
import { CodeBlock } from '@/components/ui/CodeBlock';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { listUsers } from '@/lib/auth';
import { requireRole } from '@/lib/auth/server';
import { createUserAction, resetPasswordAction, setActiveAction, setRoleAction } from './actions';

export const metadata: Metadata = { title: 'Admin · Users' };

async function Users({ currentUserId }: { currentUserId: string }) {
  const users = await listUsers();
  return (
    <UsersTable currentUserId={currentUserId}
      users={users.map((user) => ({ id: user.id, email: user.email, name: user.name, role: user.role, active: user.active, lastSignInAt: user.lastSignInAt?.toISOString() ?? null }))}
      actions={{ setRole: setRoleAction, setActive: setActiveAction, resetPassword: resetPasswordAction }} />
  );
}

// The guard runs before anything streams, so a refused request gets a real 403 status; data
// loads inside Suspense (a route-level loading.tsx would commit a 200 before the guard ran).
export default async function AdminPage() {
  const user = await requireRole('admin');
  return (
    <>
      <PageHeader title="Admin" description="Who and what can touch Warden. Analysts read everything but Admin; leads also approve promotions; admins manage users, tokens and agent policies. Every change here is recorded in the console log." />
      <AdminTabs active="/admin" />
      <div className="space-y-6">
        <Suspense fallback={<SectionSkeleton />}>
          <Users currentUserId={user.id} />
        </Suspense>
        <p className="text-xs text-slate-500">Deactivating a user or resetting a password ends their sessions at once. Users are deactivated, never deleted, so the console log keeps naming them. Warden refuses to deactivate or demote the last active admin.</p>
        <CreateUserForm action={createUserAction} />
        <CodeBlock title="The same from the Warden host" code={
          'npx warden user create --email ana@example.com --role analyst\nnpx warden user reset-password --email ana@example.com\nnpx warden user deactivate --email ana@example.com'} />
      </div>
    </>
  );
}
