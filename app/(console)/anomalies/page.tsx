import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { AlertTable } from '@/components/anomalies/AlertTable';
import { AnomalyDashboard } from '@/components/anomalies/AnomalyDashboard';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { alertCounts, detectionStatus, explorerHref, getAnomalyCharts, listAlerts, toAlertRow } from '@/lib/detect';
import { ENVIRONMENT_COOKIE, selectedEnvironment } from '@/lib/environment';

export const metadata: Metadata = { title: 'Anomalies' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const RANGES = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '3d': 3 * 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
type RangeName = keyof typeof RANGES;

export default async function AnomaliesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireRole('analyst');
  const params = await searchParams;
  const environment = selectedEnvironment(first(params.env), (await cookies()).get(ENVIRONMENT_COOKIE)?.value);
  const range = (Object.keys(RANGES).includes(first(params.range) ?? '') ? first(params.range) : '7d') as RangeName;
  const tool = first(params.tool)?.slice(0, 200) || undefined;
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - RANGES[range]);
  const [charts, counts, recent, status] = await Promise.all([
    getAnomalyCharts(environment, { from, to, tool }),
    alertCounts(environment),
    listAlerts({ environment, status: ['open', 'acknowledged'] }, 8),
    detectionStatus(),
  ]);
  const lag = status.find((entry) => entry.environment === environment)?.lag ?? 0;
  const explorer = (extra: Record<string, string>) => `/executions?${new URLSearchParams({ env: environment, from: from.toISOString(), to: to.toISOString(), ...extra })}`;
  const link = (name: RangeName) => `/anomalies?${new URLSearchParams({ env: environment, range: name, ...(tool ? { tool } : {}) })}`;
  return (
    <>
      <PageHeader title="Anomalies"
        description="Call rates, error rates and latency per tool and user against their usual baseline, and alerts for forbidden calls, prompt injection, exfiltration patterns, leaked secrets and schema drift.">
        <a href={`/anomalies/alerts?env=${environment}`} data-testid="alerts-link" className="whitespace-nowrap rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          {counts.open + counts.acknowledged} open alert{counts.open + counts.acknowledged === 1 ? '' : 's'} →
        </a>
      </PageHeader>
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Range:</span>
        {(Object.keys(RANGES) as RangeName[]).map((name) => (
          <a key={name} href={link(name)} aria-current={name === range ? 'page' : undefined}
            className={`rounded-md px-2 py-1 ${name === range ? 'bg-slate-900 text-white' : 'border border-slate-300 bg-white hover:bg-slate-50'}`}>{name}</a>
        ))}
        {tool && <span className="ml-2 rounded bg-sky-50 px-2 py-1 text-sky-800">tool = {tool} <a href={link(range).replace(/&tool=[^&]*/, '')} className="underline">clear</a></span>}
        <span className="ml-auto text-xs text-slate-500" data-testid="detection-lag">
          {lag === 0 ? 'Detections are up to date.' : `Detections are catching up: ${lag.toLocaleString('en-US')} log entries to examine.`}
          {' '}{counts.critical} critical · {counts.high} high open
        </span>
      </div>
      {charts.totals.calls === 0 && charts.markers.length === 0 ? (
        <EmptyState title={`Nothing to chart in ${environment} for the last ${range}`} steps={[
          'Send executions first (see Executions): detections and these charts are fed by every ingested record within seconds.',
          'Record per-agent policies (allowed tools, file roots, egress hosts) under Admin so violations name the rule.',
          'Baselines need two days of traffic at each time of day; until then rule detections (forbidden calls, injection markers, secrets in output) still fire.',
        ]} />
      ) : (
        <AnomalyDashboard bucketMs={charts.bucketMs} tools={charts.tools} buckets={charts.buckets}
          markers={charts.markers.map((marker) => ({
            id: marker.id, t: marker.t, severity: marker.severity, label: marker.title,
            href: explorerHref({ id: marker.id, environment, evidenceCount: marker.evidenceCount, evidenceSeqs: marker.evidenceSeqs }),
          }))}
          topTools={charts.topTools.map((entry) => ({ ...entry, href: explorer(entry.tool.includes('/') ? { method: entry.tool } : { tool: entry.tool }) }))}
          topUsers={charts.topUsers.map((entry) => ({ ...entry, href: explorer({ user: entry.user }) }))} />
      )}
      <section className="mt-6" aria-label="Open alerts">
        <h2 className="mb-2 font-semibold">Latest open alerts</h2>
        <AlertTable rows={recent.items.map(toAlertRow)} />
      </section>
    </>
  );
}
