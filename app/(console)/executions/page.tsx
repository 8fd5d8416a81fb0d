import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { IngestSnippets } from '@/components/executions/IngestSnippets';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { requestOrigin } from '@/lib/http';

export const metadata: Metadata = { title: 'Executions' };

export default async function ExecutionsPage() {
  await requireRole('analyst');
  const ingestUrl = `${requestOrigin(await headers())}/api/v1/ingest`;
  return (
    <>
      <PageHeader title="Executions"
        description="Every prompt and tool execution your MCP servers and agents report: who called what, with which input, what came back. Search, filter and open any one with its ledger proof." />
      <EmptyState title="No executions received yet" steps={[
        <>Create an ingest token scoped <code>ingest:write</code> for the environment the logs come from.</>,
        <>Point Vector&apos;s <code>http</code> sink or Fluent Bit&apos;s <code>http</code> output at <code data-testid="ingest-url">{ingestUrl}</code> with the token as a bearer header (snippets below).</>,
        <>Send one JSON object per execution, one per line; records appear here within seconds.</>,
      ]}>
        <IngestSnippets ingestUrl={ingestUrl} />
      </EmptyState>
    </>
  );
}
