import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';

export const metadata: Metadata = { title: 'Ledger' };

export default async function LedgerPage() {
  await requireRole('analyst');
  return (
    <>
      <PageHeader title="Ledger"
        description="The tamper-evident log behind every record: a hash chain and RFC 6962 Merkle tree per environment, with Ed25519-signed checkpoints anyone can verify offline." />
      <EmptyState title="The ledger is empty" steps={[
        'Every ingested execution is appended here with its sequence number, leaf hash and chain hash.',
        'Signed checkpoints (tree size and root) are published every few seconds while records arrive.',
        'Keep copies of checkpoints outside Warden: with the public key they prove no record was rewritten, removed or reordered.',
      ]} />
    </>
  );
}
