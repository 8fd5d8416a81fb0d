import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { toRowView, sessionHref } from '@/components/executions/executionViews';
import { SessionTimelineView } from '@/components/executions/SessionTimelineView';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionSkeleton } from '@/components/ui/Skeleton';
import { requireRole } from '@/lib/auth/server';
import { casesForExecutions } from '@/lib/cases';
import { isEnvironment, type Environment } from '@/lib/environment';
import { executionQueryParams, getSessionTimeline, type SessionTimeline } from '@/lib/search';

export const metadata: Metadata = { title: 'Session timeline' };

async function Timeline({ environment, sessionId, timeline, cursor }: { environment: Environment; sessionId: string; timeline: SessionTimeline; cursor: string | undefined }) {
  const pinned = await casesForExecutions(environment, timeline.items.map((item) => item.seq));
  const here = sessionHref(environment, sessionId);
  const steps = timeline.items.map((item, index) => ({
    ...toRowView(item),
    gapMs: index === 0 ? null : item.timestamp.getTime() - timeline.items[index - 1]!.timestamp.getTime(),
    pinnedIn: (pinned.get(item.seq) ?? []).map(({ id, title }) => ({ id, title })),
  }));
  return (
    <SessionTimelineView environment={environment} sessionId={sessionId} steps={steps}
      nextHref={timeline.nextCursor ? `${here}?cursor=${encodeURIComponent(timeline.nextCursor)}` : null} firstHref={cursor ? here : null}
      searchHref={`/executions?${executionQueryParams({ environment, session: sessionId, sort: 'time', order: 'asc' })}`} />
  );
}

export default async function SessionPage({ params, searchParams }: {
  params: Promise<{ env: string; sessionId: string }>; searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  await requireRole('analyst');
  const { env, sessionId: segment } = await params;
  const cursor = (await searchParams).cursor;
  if (!isEnvironment(env) || Array.isArray(cursor)) notFound();
  const sessionId = decodeURIComponent(segment);
  if (sessionId.length === 0 || sessionId.length > 256) notFound();
  let timeline: SessionTimeline;
  try {
    timeline = await getSessionTimeline(env, sessionId, { cursor });
  } catch (error) {
    if (error instanceof RangeError) notFound(); // a cursor from somewhere else
    throw error;
  }
  return (
    <>
      <PageHeader title={`Session ${sessionId}`}
        description={`Every execution of this session in ${env}, in time order, with the pauses between them. Errors are red, steps pinned in a case amber.`} />
      <Suspense fallback={<SectionSkeleton />}>
        <Timeline environment={env} sessionId={sessionId} timeline={timeline} cursor={cursor} />
      </Suspense>
    </>
  );
}
