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
        <>Create an ingest token for the environment the logs come from:{' '}
          <code>npx warden token create --name vector --env staging --scopes ingest:write</code> (shown once).</>,
        <>Point Vector&apos;s <code>http</code> sink or Fluent Bit&apos;s <code>http</code> output at <code data-testid="ingest-url">{ingestUrl}</code> with the token as a bearer header (snippets below).</>,
        <>Send one JSON object per execution (schema: <a className="text-sky-700 underline" href="/schemas/execution.v1.json">execution.v1.json</a>), or OTLP logs to <code>/api/v1/otlp/v1/logs</code>; or try <code>npx warden demo --events 5000</code>.</>,
      ]}>
        <IngestSnippets ingestUrl={ingestUrl} />
      </EmptyState>
    </>
  );
}
