import type { Metadata } from 'next';
import { Suspense } from 'react';
import { UsersTable } from '@/components/admin/UsersTable';
import { CodeBlock } from '@/components/ui/CodeBlock';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { listUsers } from '@/lib/auth';
import { requireRole } from '@/lib/auth/server';

export const metadata: Metadata = { title: 'Admin' };

async function Users() {
  const users = await listUsers();
  return <UsersTable users={users.map((user) => ({ ...user, lastSignInAt: user.lastSignInAt?.toISOString() ?? null }))} />;
}

// The guard runs before anything streams, so a refused request gets a real 403 status; data
// loads inside Suspense (a route-level loading.tsx would commit a 200 before the guard ran).
export default async function AdminPage() {
  await requireRole('admin');
  return (
    <>
      <PageHeader title="Admin" description="Users and their roles. Analysts read everything but this page; leads also approve promotions; admins manage users and tokens." />
      <Suspense fallback={<SectionSkeleton />}>
        <Users />
      </Suspense>
      <CodeBlock title="Add a user or reset a password (from the Warden host)" code={
        'npx warden user create --email ana@example.com --role analyst\nnpx warden user reset-password --email ana@example.com'} />
    </>
  );
}
