import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { Suspense } from 'react';
import { ExecutionStatsCard } from '@/components/executions/ExecutionStatsCard';
import { toRowView } from '@/components/executions/executionViews';
import { IngestSnippets } from '@/components/executions/IngestSnippets';
import { LiveTail } from '@/components/executions/LiveTail';
import { QuarantineTable } from '@/components/executions/QuarantineTable';
import { SearchForm } from '@/components/executions/SearchForm';
import { SearchResultsView } from '@/components/executions/SearchResultsView';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { ENVIRONMENT_COOKIE, selectedEnvironment, type Environment } from '@/lib/environment';
import { requestOrigin } from '@/lib/http';
import {
  executionQueryParams, getExecutionStats, listQuarantinedLines, parseExecutionQuery, searchExecutions, type ExecutionQuery,
} from '@/lib/search';

export const metadata: Metadata = { title: 'Executions' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

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

/** One keyset page of the search, with links that keep every filter. */
async function Results({ environment, query }: { environment: Environment; query: ExecutionQuery }) {
  let page;
  try {
    page = await searchExecutions(environment, query);
  } catch (error) {
    return (
      <p role="alert" data-testid="search-failed" className="rounded-xl border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800">
        The search could not run: {(error as Error).message}. Nothing is wrong with the filters; try again in a moment.
      </p>
    );
  }
  const base = { ...query, environment };
  const link = (overrides: Record<string, string | null>) => `/executions?${executionQueryParams(base, overrides)}`;
  const exportParams = (format: string) => `/api/v1/executions/export?${executionQueryParams(base, { sort: null, order: null, limit: null, format })}`;
  const sorts: Array<[string, string, string]> = [['Newest', 'time', 'desc'], ['Oldest', 'time', 'asc'], ['Slowest', 'duration', 'desc'], ['Arrival', 'seq', 'desc']];
  return (
    <SearchResultsView rows={page.items.map(toRowView)} environment={environment} estimatedTotal={page.estimatedTotal} totalExact={page.totalExact}
      nextHref={page.nextCursor ? link({ cursor: page.nextCursor }) : null} firstHref={query.cursor ? link({}) : null}
      exportHref={{ jsonl: exportParams('jsonl'), csv: exportParams('csv') }}
      sortLinks={sorts.map(([label, sort, order]) => ({
        label, active: query.sort === sort && query.order === order,
        href: `/executions?${executionQueryParams({ ...base, sort: sort as ExecutionQuery['sort'], order: order as ExecutionQuery['order'] })}`,
      }))} />
  );
}

export default async function ExecutionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireRole('analyst');
  const params = await searchParams;
  const environment = selectedEnvironment(first(params.env), (await cookies()).get(ENVIRONMENT_COOKIE)?.value);
  const ingestUrl = `${requestOrigin(await headers())}/api/v1/ingest`;
  const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, first(value)]));
  const parsed = parseExecutionQuery(params);
  // Remount the form and the results on every new URL: inputs show the URL's values (back button).
  const key = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  const tailQuery = parsed.ok ? executionQueryParams({ ...parsed.query, environment }, { sort: null, order: null, limit: null }).toString() : '';
  return (
    <>
      <PageHeader title="Executions"
        description="Every prompt and tool execution your MCP servers and agents report: who called what, with which input, what came back. Search, filter and open any one with its ledger proof." />
      <div className="space-y-6">
        {values.missing && (
          <p role="alert" data-testid="missing-execution" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
            There is no execution at seq {values.missing} in {environment}: that entry may be a quarantined line, or not stored yet.
          </p>
        )}
        {values.alert && (
          <p data-testid="alert-evidence-filter" className="rounded-lg border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900">
            Showing the evidence of <a className="underline" href={`/anomalies/alerts/${encodeURIComponent(values.alert)}`}>an alert</a>.{' '}
            <a className="underline" href={`/executions?${new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined && !['alert', 'limit', 'sort', 'order'].includes(entry[0])))}`}>Show all executions</a>
          </p>
        )}
        <SearchForm key={`form:${key}`} values={values} errors={parsed.ok ? {} : parsed.fields} environment={environment} />
        {parsed.ok ? (
          <>
            <LiveTail key={`tail:${tailQuery}`} apiQuery={tailQuery} />
            <Suspense key={`results:${key}`} fallback={<SectionSkeleton />}>
              <Results environment={environment} query={parsed.query} />
            </Suspense>
          </>
        ) : (
          <p role="alert" data-testid="search-invalid" className="rounded-xl border border-rose-200 bg-rose-50 p-4 text-sm text-rose-800">
            These filters cannot be searched — fix the fields marked above: {parsed.message}
          </p>
        )}
        <section aria-label="Received" className="pt-4">
          <Suspense fallback={<SectionSkeleton />}>
            <Received environment={environment} ingestUrl={ingestUrl} />
          </Suspense>
        </section>
      </div>
    </>
  );
}
