'use client';

import { useMemo, useState } from 'react';
import { ChartCard, RankBars } from './ChartCard';
import { formatFull, formatNumber, formatPercent, SERIES_COLOURS, SEVERITY_COLOURS } from './format';
import { RangeBrush } from './RangeBrush';
import { TimeSeriesChart, type Marker, type Point, type Series } from './TimeSeriesChart';

export interface DashboardBucket {
  t: number; calls: number; errors: number; byTool: Record<string, number>; errorRate: number | null; p95Ms: number | null;
  alerts: Record<string, number>;
}

export interface DashboardProps {
  bucketMs: number;
  tools: string[];
  buckets: DashboardBucket[];
  markers: Marker[];
  topTools: Array<{ tool: string; calls: number; errors: number; p95Ms: number | null; href: string }>;
  topUsers: Array<{ user: string; calls: number; errors: number; href: string }>;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

/** The anomaly charts: one brush window shared by every time chart; each chart has a table toggle. */
export function AnomalyDashboard({ bucketMs, tools, buckets, markers, topTools, topUsers }: DashboardProps) {
  const [view, setView] = useState<[number, number]>([0, Math.max(0, buckets.length - 1)]);
  const [groupBy, setGroupBy] = useState<'tool' | 'status'>('tool');
  const shown = useMemo(() => buckets.slice(view[0], view[1] + 1), [buckets, view]);
  const visibleMarkers = useMemo(() => {
    const from = shown[0]?.t ?? 0;
    const to = (shown.at(-1)?.t ?? 0) + bucketMs;
    return markers.filter((marker) => marker.t >= from && marker.t < to);
  }, [markers, shown, bucketMs]);

  const toolSeries: Series[] = tools.map((tool, i) => ({ key: tool, label: tool, colour: SERIES_COLOURS[i % SERIES_COLOURS.length]! }));
  const statusSeries: Series[] = [{ key: 'ok', label: 'ok', colour: '#0d9488' }, { key: 'error', label: 'error', colour: '#e11d48' }];
  const volumePoints: Point[] = shown.map((b) => ({ t: b.t, values: groupBy === 'tool' ? b.byTool : { ok: b.calls - b.errors, error: b.errors } }));
  const series = groupBy === 'tool' ? toolSeries : statusSeries;
  const when = (t: number) => formatFull(t);

  return (
    <div className="space-y-4" data-testid="anomaly-dashboard">
      <RangeBrush totals={buckets.map((b) => b.calls)} times={buckets.map((b) => b.t)} window={view} onChange={setView} />
      <ChartCard testId="chart-volume" title="Executions over time"
        description={`Calls per ${bucketMs >= 3_600_000 ? `${bucketMs / 3_600_000} h` : `${bucketMs / 60_000} min`}, by ${groupBy}. Triangles are alerts: click one to open its evidence in the explorer.`}
        actions={(
          <div role="group" aria-label="Group by" className="flex overflow-hidden rounded-md border border-slate-300 text-xs">
            {(['tool', 'status'] as const).map((option) => (
              <button key={option} type="button" aria-pressed={groupBy === option} onClick={() => setGroupBy(option)}
                className={`px-2 py-1 ${groupBy === option ? 'bg-slate-900 text-white' : 'bg-white hover:bg-slate-50'}`}>By {option}</button>
            ))}
          </div>
        )}
        table={{
          columns: ['Time (UTC)', ...series.map((s) => s.label), 'Alerts'],
          rows: shown.map((b, i) => [when(b.t), ...series.map((s) => volumePoints[i]!.values[s.key] ?? 0), SEVERITIES.reduce((sum, s) => sum + (b.alerts[s] ?? 0), 0)]),
        }}>
        <TimeSeriesChart testId="volume-chart" label="Executions over time" points={volumePoints} series={series} mode="stacked" bucketMs={bucketMs} markers={visibleMarkers} />
        <ul className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
          {series.map((s) => <li key={s.key}><span style={{ color: s.colour }}>■</span> {s.label}</li>)}
          <li><span style={{ color: SEVERITY_COLOURS.high }}>▼</span> alert ({visibleMarkers.length})</li>
        </ul>
      </ChartCard>
      <div className="grid gap-4 xl:grid-cols-2">
        <ChartCard testId="chart-error-rate" title="Error rate" description="Failed calls as a share of all calls."
          table={{ columns: ['Time (UTC)', 'Calls', 'Errors', 'Error rate'], rows: shown.map((b) => [when(b.t), b.calls, b.errors, formatPercent(b.errorRate)]) }}>
          <TimeSeriesChart testId="error-rate-chart" label="Error rate over time" points={shown.map((b) => ({ t: b.t, values: { rate: b.errorRate === null ? null : b.errorRate * 100 } }))}
            series={[{ key: 'rate', label: 'error rate %', colour: '#e11d48' }]} mode="lines" bucketMs={bucketMs} format={(v) => `${formatNumber(v, 1)} %`} />
        </ChartCard>
        <ChartCard testId="chart-latency" title="p95 latency" description="95th percentile of call duration, from per-minute latency histograms (±12 %)."
          table={{ columns: ['Time (UTC)', 'Calls', 'p95 (ms)'], rows: shown.map((b) => [when(b.t), b.calls, formatNumber(b.p95Ms, 1)]) }}>
          <TimeSeriesChart testId="latency-chart" label="p95 latency over time" points={shown.map((b) => ({ t: b.t, values: { p95: b.p95Ms } }))}
            series={[{ key: 'p95', label: 'p95 ms', colour: '#7c3aed' }]} mode="lines" bucketMs={bucketMs} format={(v) => `${formatNumber(v)} ms`} />
        </ChartCard>
        <ChartCard testId="chart-alerts" title="Alerts over time" description="New alerts by severity (when their first evidence happened)."
          table={{ columns: ['Time (UTC)', ...SEVERITIES], rows: shown.map((b) => [when(b.t), ...SEVERITIES.map((s) => b.alerts[s] ?? 0)]) }}>
          <TimeSeriesChart testId="alerts-chart" label="Alerts over time" points={shown.map((b) => ({ t: b.t, values: b.alerts }))}
            series={SEVERITIES.map((s) => ({ key: s, label: s, colour: SEVERITY_COLOURS[s]! }))} mode="stacked" bucketMs={bucketMs} />
        </ChartCard>
        <ChartCard testId="chart-top-tools" title="Top tools" description="Calls in the selected range (page range, not the brush)."
          table={{ columns: ['Tool', 'Calls', 'Errors', 'p95 (ms)'], rows: topTools.map((t) => [t.tool, t.calls, t.errors, formatNumber(t.p95Ms, 1)]) }}>
          <RankBars testId="top-tools" items={topTools.map((t) => ({ label: t.tool, value: t.calls, note: `${formatPercent(t.calls ? t.errors / t.calls : null)} errors`, href: t.href }))} />
        </ChartCard>
        <ChartCard testId="chart-top-users" title="Top users" description="Calls in the selected range (page range, not the brush)."
          table={{ columns: ['User', 'Calls', 'Errors'], rows: topUsers.map((u) => [u.user, u.calls, u.errors]) }}>
          <RankBars testId="top-users" items={topUsers.map((u) => ({ label: u.user, value: u.calls, note: `${u.errors} errors`, href: u.href }))} />
        </ChartCard>
      </div>
    </div>
  );
}
