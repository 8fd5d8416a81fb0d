import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { Suspense } from 'react';
import { ExecutionStatsCard } from '@/components/executions/ExecutionStatsCard';
import { IngestSnippets } from '@/components/executions/IngestSnippets';
import { QuarantineTable } from '@/components/executions/QuarantineTable';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { ENVIRONMENT_COOKIE, selectedEnvironment, type Environment } from '@/lib/environment';
import { requestOrigin } from '@/lib/http';
import { getExecutionStats, listQuarantinedLines } from '@/lib/search';

export const metadata: Metadata = { title: 'Executions' };

async function Received({ environment, ingestUrl }: { environment: Environment; ingestUrl: string }) {
  const [stats, quarantined] = await Promise.all([getExecutionStats(environment), listQuarantinedLines(environment)]);
  const view = { environment, ...stats, latestTimestamp: stats.latestTimestamp?.toISOString() ?? null };
  return (
    <>
      {stats.logSize > 0 && <ExecutionStatsCard stats={view} />}
      <QuarantineTable rows={quarantined.map((row) => ({ ...row, ingestedAt: row.ingestedAt.toISOString() }))} />
      <EmptyState title={stats.logSize > 0 ? 'Send more executions' : `No executions received in ${environment} yet`} steps={[
        <>Create an ingest token for the environment the logs come from:{' '}
          <code>npx warden token create --name vector --env {environment} --scopes ingest:write</code> (shown once).</>,
        <>Point Vector&apos;s <code>http</code> sink or Fluent Bit&apos;s <code>http</code> output at <code data-testid="ingest-url">{ingestUrl}</code> with the token as a bearer header (snippets below).</>,
        <>Send one JSON object per execution (schema: <a className="text-sky-700 underline" href="/schemas/execution.v1.json">execution.v1.json</a>), or OTLP logs to <code>/api/v1/otlp/v1/logs</code>; or try <code>npx warden demo --events 5000 --env {environment}</code>.</>,
      ]}>
        <IngestSnippets ingestUrl={ingestUrl} />
      </EmptyState>
    </>
  );
}

export default async function ExecutionsPage() {
  await requireRole('analyst');
  const environment = selectedEnvironment(undefined, (await cookies()).get(ENVIRONMENT_COOKIE)?.value);
  const ingestUrl = `${requestOrigin(await headers())}/api/v1/ingest`;
  return (
    <>
      <PageHeader title="Executions"
        description="Every prompt and tool execution your MCP servers and agents report: who called what, with which input, what came back. Search, filter and open any one with its ledger proof." />
      <Suspense fallback={<SectionSkeleton />}>
        <Received environment={environment} ingestUrl={ingestUrl} />
      </Suspense>
    </>
  );
}
