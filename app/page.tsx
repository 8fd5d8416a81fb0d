import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/server';

export default async function Home() {
  await requireRole('analyst');
  redirect('/executions');
}
