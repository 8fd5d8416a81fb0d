import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AdminTabs } from '@/components/admin/AdminTabs';
import { CreateTokenForm } from '@/components/admin/CreateTokenForm';
import { TokensTable } from '@/components/admin/TokensTable';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { listTokens, SCOPE_DESCRIPTIONS, SCOPES } from '@/lib/tokens';
import { createTokenAction, revokeTokenAction, rotateTokenAction } from './actions';

export const metadata: Metadata = { title: 'Admin · API tokens' };

const iso = (date: Date | null) => date?.toISOString() ?? null;

async function Tokens() {
  const tokens = await listTokens();
  return (
    <TokensTable actions={{ revoke: revokeTokenAction, rotate: rotateTokenAction }}
      tokens={tokens.map((token) => ({ ...token, createdAt: token.createdAt.toISOString(), expiresAt: iso(token.expiresAt), lastUsedAt: iso(token.lastUsedAt), revokedAt: iso(token.revokedAt) }))} />
  );
}

// Guard first, data inside Suspense: a refused request gets a real 403 (see ../page.tsx).
export default async function TokensPage() {
  await requireRole('admin');
  return (
    <>
      <PageHeader title="Admin" description="API tokens for shippers, SIEM scripts and CI: each bound to one environment, with the fewest scopes that work. Revoked, expired and rotated tokens are refused with 401 and the reason." />
      <AdminTabs active="/admin/tokens" />
      <div className="space-y-6">
        <Suspense fallback={<SectionSkeleton />}>
          <Tokens />
        </Suspense>
        <CreateTokenForm action={createTokenAction} scopes={SCOPES.map((name) => ({ name, description: SCOPE_DESCRIPTIONS[name] }))} />
      </div>
    </>
  );
}
