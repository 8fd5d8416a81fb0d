import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Suspense } from 'react';
import { PinToCaseForm } from '@/components/cases/PinToCaseForm';
import { ExecutionContent } from '@/components/executions/ExecutionContent';
import { ExecutionFacts, InvestigateLinks, type Fact, type InvestigateLink } from '@/components/executions/ExecutionFacts';
import { formatDuration, sessionHref, toolLabel, utc } from '@/components/executions/executionViews';
import { LedgerStatus } from '@/components/executions/LedgerStatus';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/server';
import { casesForExecution, openCases } from '@/lib/cases';
import { isEnvironment, type Environment } from '@/lib/environment';
import { executionQueryParams, getExecution, type ExecutionDetail, type ExecutionFilters } from '@/lib/search';
import { executionInclusion } from '@/lib/search/executionInclusion';
import { CONTENT_FIELDS } from '@/lib/search/maskSecrets';
import { maskedExecutionContent } from '@/lib/search/revealExecutionSecrets';
import { pinExecutionAction } from '../../../cases/actions';
import { revealSecretsAction } from './actions';

export const metadata: Metadata = { title: 'Execution' };

const CONTENT_LABELS: Record<string, string> = {
  prompt: 'Prompt', arguments: 'Arguments', output: 'Output', error: 'Error', side_effects: 'Side effects', attributes: 'Attributes',
};
const SURROUNDING_MS = 15 * 60_000;

const search = (environment: Environment, filters: Partial<ExecutionFilters>) => `/executions?${executionQueryParams({ environment, ...filters })}`;

function facts(detail: ExecutionDetail, environment: Environment): Fact[] {
  const by = (filters: Partial<ExecutionFilters>) => search(environment, filters);
  const text = (value: string | null | undefined) => value ?? null;
  return [
    { label: 'Time (UTC)', value: utc(detail.timestamp.toISOString()) },
    { label: 'Received (UTC)', value: utc(detail.ingestedAt.toISOString()) },
    { label: 'Status', value: detail.isError ? 'error' : 'ok' },
    { label: 'Environment', value: environment },
    { label: 'Server', value: detail.serverName && `${detail.serverName}${detail.serverVersion ? ` ${detail.serverVersion}` : ''}`, href: detail.serverName && by({ server: detail.serverName }) },
    { label: 'Method', value: text(detail.method), href: detail.method && by({ method: detail.method }) },
    { label: 'Tool', value: text(detail.toolName), href: detail.toolName && by({ tool: detail.toolName }), mono: true },
    { label: 'Tool version', value: text(detail.toolVersion), mono: true },
    { label: 'Input schema hash', value: text(detail.inputSchemaHash), href: detail.inputSchemaHash && by({ inputSchemaHash: detail.inputSchemaHash }), mono: true },
    { label: 'User', value: text(detail.userId), href: detail.userId && by({ user: detail.userId }) },
    { label: 'Session', value: text(detail.sessionId), href: detail.sessionId && sessionHref(environment, detail.sessionId) },
    { label: 'Agent', value: text(detail.agentId), href: detail.agentId && by({ agent: detail.agentId }) },
    { label: 'Model', value: text(detail.model), href: detail.model && by({ model: detail.model }) },
    { label: 'Model config version', value: text(detail.modelConfigVersion) },
    { label: 'Prompt name', value: text(detail.promptName) },
    { label: 'Prompt version', value: text(detail.promptVersion) },
    { label: 'Prompt checksum', value: text(detail.promptChecksum), mono: true },
    { label: 'Duration', value: detail.durationMs === null ? null : formatDuration(detail.durationMs) },
    { label: 'Tokens in / out', value: detail.inputTokens === null && detail.outputTokens === null ? null : `${detail.inputTokens ?? '—'} / ${detail.outputTokens ?? '—'}` },
    { label: 'Request id', value: text(detail.requestId), mono: true },
    { label: 'Trace id', value: text(detail.traceId), mono: true },
    { label: 'Span id', value: text(detail.spanId), mono: true },
    { label: 'Sender id', value: detail.id, mono: true },
    { label: 'Ingest token', value: text(detail.tokenId), mono: true },
  ];
}

function investigateLinks(detail: ExecutionDetail, environment: Environment): InvestigateLink[] {
  const links: InvestigateLink[] = [];
  if (detail.sessionId) links.push({ label: 'Session timeline', href: sessionHref(environment, detail.sessionId), hint: 'every step of this session, in order', testId: 'link-session' });
  if (detail.userId) {
    const at = detail.timestamp.getTime();
    links.push({
      label: 'Same user ±15 min', href: search(environment, { user: detail.userId, from: new Date(at - SURROUNDING_MS), to: new Date(at + SURROUNDING_MS) }),
      hint: `what ${detail.userId} did around this call`, testId: 'link-user-window',
    });
  }
  if (detail.toolName) {
    links.push({ label: `Tool ${toolLabel(detail)}`, href: search(environment, { tool: detail.toolName, toolVersion: detail.toolVersion ?? undefined }), hint: 'every call of this tool version', testId: 'link-tool-version' });
  }
  if (detail.promptName) {
    links.push({
      label: `Prompt ${detail.promptName}${detail.promptVersion ? ` v${detail.promptVersion}` : ''}`,
      href: search(environment, { promptName: detail.promptName, promptVersion: detail.promptVersion ?? undefined }), hint: 'every run of this prompt version', testId: 'link-prompt-version',
    });
  }
  return links;
}

async function Ledger({ environment, detail }: { environment: Environment; detail: ExecutionDetail }) {
  const inclusion = await executionInclusion(environment, detail.seq);
  return (
    <LedgerStatus environment={environment} seq={detail.seq} leafHash={detail.leafHash} chainHash={detail.chainHash} rawSha256={detail.rawSha256}
      inclusion={inclusion.status === 'included' ? { ...inclusion, checkpointAt: inclusion.checkpointAt.toISOString() } : inclusion} />
  );
}

async function Cases({ environment, seq }: { environment: Environment; seq: number }) {
  const [pinnedIn, open] = await Promise.all([casesForExecution(environment, seq), openCases()]);
  return <PinToCaseForm action={pinExecutionAction} environment={environment} seq={seq} openCases={open} pinnedIn={pinnedIn} />;
}

export default async function ExecutionPage({ params }: { params: Promise<{ env: string; seq: string }> }) {
  const user = await requireRole('analyst');
  const { env, seq } = await params;
  if (!isEnvironment(env) || !/^\d{1,15}$/.test(seq)) notFound();
  // Read before anything streams. A seq that is no execution (a quarantined line, not stored yet)
  // goes back to the search, which says so.
  const detail = await getExecution(env, Number(seq));
  if (!detail) redirect(`/executions?env=${env}&missing=${seq}`);
  const { content, masked, kinds } = maskedExecutionContent(detail);
  const fields = CONTENT_FIELDS.filter((name) => content[name] !== undefined).map((name) => ({ name, label: CONTENT_LABELS[name]!, value: content[name] }));
  return (
    <>
      <PageHeader title={`${toolLabel(detail)} · ${env} #${detail.seq}`}
        description={`${detail.isError ? 'Failed' : 'Succeeded'} at ${utc(detail.timestamp.toISOString())} UTC${detail.userId ? `, called by ${detail.userId}` : ''}${detail.serverName ? ` on ${detail.serverName}` : ''}.`}>
        <Link href={search(env, {})} className="whitespace-nowrap text-sm text-sky-700 underline">All {env} executions</Link>
      </PageHeader>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-6">
          <ExecutionFacts facts={facts(detail, env)} />
          <ExecutionContent fields={fields} masked={masked} maskedKinds={kinds}
            reveal={masked.length > 0 && hasRole(user.role, 'lead') ? revealSecretsAction.bind(null, env, detail.seq) : null} />
        </div>
        <aside className="min-w-0 space-y-6">
          <InvestigateLinks links={investigateLinks(detail, env)} />
          <Suspense fallback={<SectionSkeleton />}>
            <Ledger environment={env} detail={detail} />
          </Suspense>
          <Suspense fallback={<SectionSkeleton />}>
            <Cases environment={env} seq={detail.seq} />
          </Suspense>
        </aside>
      </div>
    </>
  );
}
