import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { AlertTable } from '@/components/anomalies/AlertTable';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { ALERT_STATUSES, SEVERITIES, alertFilterInput, detectorInfo, listAlerts, parseAlertInput, toAlertRow } from '@/lib/detect';
import { ENVIRONMENT_COOKIE, selectedEnvironment } from '@/lib/environment';

export const metadata: Metadata = { title: 'Alerts' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const STATUS_LABELS: Record<string, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', false_positive: 'False positive' };
const INPUT = 'rounded-md border border-slate-300 px-2 py-1.5 text-sm';

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireRole('analyst');
  const params = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, first(value)]));
  const environment = selectedEnvironment(params.env, (await cookies()).get(ENVIRONMENT_COOKIE)?.value);
  // Unfiltered, the list shows what needs attention: open and acknowledged alerts.
  const raw = { ...params, status: params.status ?? 'open,acknowledged' };
  const parsed = parseAlertInput(alertFilterInput, raw);
  const filters = parsed.ok ? parsed.value : {};
  const { items, total } = await listAlerts({ ...filters, environment });
  const detectors = detectorInfo();
  return (
    <>
      <PageHeader title="Alerts" description={`Detections in ${environment}: what fired, why, and the executions behind it. Acknowledge what you are looking at; resolve or mark as false positive when done — every change lands in the console log.`}>
        <a href={`/anomalies?env=${environment}`} className="whitespace-nowrap text-sm text-sky-700 hover:underline">Charts →</a>
      </PageHeader>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm" aria-label="Filter alerts">
        <input type="hidden" name="env" value={environment} />
        <label className="flex flex-col gap-1">Status
          <select name="status" defaultValue={raw.status} className={INPUT}>
            <option value="open,acknowledged">Open or acknowledged</option>
            {ALERT_STATUSES.map((status) => <option key={status} value={status}>{STATUS_LABELS[status]}</option>)}
            <option value={ALERT_STATUSES.join(',')}>Any</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">Severity
          <select name="severity" defaultValue={params.severity ?? ''} className={INPUT}>
            <option value="">Any</option>
            {SEVERITIES.map((severity) => <option key={severity} value={severity}>{severity}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">Detector
          <select name="detector" defaultValue={params.detector ?? ''} className={INPUT}>
            <option value="">Any</option>
            {detectors.map((detector) => <option key={detector.name} value={detector.name}>{detector.label}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">Tool<input name="tool" defaultValue={params.tool ?? ''} className={INPUT} /></label>
        <label className="flex flex-col gap-1">User<input name="user" defaultValue={params.user ?? ''} className={INPUT} /></label>
        <label className="flex flex-col gap-1">Text<input name="q" defaultValue={params.q ?? ''} className={INPUT} placeholder="in title or explanation" /></label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700">Filter</button>
      </form>
      {!parsed.ok && <p role="alert" className="mb-4 rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">These filters are not valid: {parsed.message}</p>}
      <p className="mb-2 text-sm text-slate-600" data-testid="alert-total">{total.toLocaleString('en-US')} alert{total === 1 ? '' : 's'}{total > items.length ? `, newest ${items.length} shown` : ''}</p>
      <AlertTable rows={items.map(toAlertRow)} />
    </>
  );
}
