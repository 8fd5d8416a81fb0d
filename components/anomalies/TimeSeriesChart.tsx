'use client';

import { Bar, CartesianGrid, ComposedChart, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useIsClient } from '@/components/ui/useIsClient';
import { formatFull, formatNumber, formatTime, SEVERITY_COLOURS } from './format';

export interface Series { key: string; label: string; colour: string }
export interface Point { t: number; values: Record<string, number | null> }
export interface Marker { id: string; t: number; severity: string; label: string; href: string }

const HEIGHT = 220;
const MARKERS_PER_BUCKET = 4;
const SEVERITY_RANK = ['critical', 'high', 'medium', 'low'];

/** The bucket (a point's start time) a moment falls in; points are ascending. */
function bucketOf(points: Point[], t: number, bucketMs: number): number | null {
  let lo = 0;
  let hi = points.length - 1;
  if (t < points[0]!.t || t >= points[hi]!.t + bucketMs) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.t <= t) lo = mid; else hi = mid - 1;
  }
  return points[lo]!.t;
}

/** Alerts of one bucket share a spot: the most severe few are drawn stacked, the rest counted. */
function markerGroups(markers: Marker[], points: Point[], bucketMs: number) {
  const groups = new Map<number, Marker[]>();
  for (const marker of markers) {
    const t = bucketOf(points, marker.t, bucketMs);
    if (t !== null) groups.set(t, [...(groups.get(t) ?? []), marker]);
  }
  return [...groups].map(([t, group]) => {
    const sorted = group.sort((a, b) => SEVERITY_RANK.indexOf(a.severity) - SEVERITY_RANK.indexOf(b.severity) || a.t - b.t);
    return { t, shown: sorted.slice(0, MARKERS_PER_BUCKET), hidden: Math.max(0, sorted.length - MARKERS_PER_BUCKET) };
  });
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

/** Triangles above a bucket, one per alert, each a link to the explorer filtered to that alert's evidence. */
function MarkerStack({ cx, cy, shown, hidden }: { cx: number; cy: number; shown: Marker[]; hidden: number }) {
  return (
    <g>
      {shown.map((m, k) => (
        <a key={m.id} href={m.href} data-testid="anomaly-marker" data-alert-id={m.id} aria-label={`Alert: ${m.label} — open its evidence in the explorer`}>
          <title>{`${m.label}\n${formatFull(m.t)} · click for the evidence`}</title>
          <path d={`M ${cx - 5} ${cy - 12 + k * 11} L ${cx + 5} ${cy - 12 + k * 11} L ${cx} ${cy - 3 + k * 11} Z`}
            fill={SEVERITY_COLOURS[m.severity]} stroke="white" strokeWidth="0.5" className="cursor-pointer" />
        </a>
      ))}
      {hidden > 0 && (
        <text x={cx + 7} y={cy - 4} fontSize="9" fill="#475569">
          <title>{`${hidden} more alert(s) here: see the alert list`}</title>+{hidden}
        </text>
      )}
    </g>
  );
}

/**
 * A time chart on recharts (stacked bars or lines), with alert markers along the top that link to
 * the explorer filtered to each alert's evidence. Times print in UTC so every browser reads the same.
 */
export function TimeSeriesChart({ points, series, mode, bucketMs, markers = [], format = (v) => formatNumber(v), label, testId }: {
  points: Point[]; series: Series[]; mode: 'stacked' | 'lines'; bucketMs: number; markers?: Marker[];
  format?: (value: number) => string; label: string; testId: string;
}) {
  const isClient = useIsClient();
  if (points.length === 0) return <p className="text-sm text-slate-500">No data in this range.</p>;
  const span = points.at(-1)!.t + bucketMs - points[0]!.t;
  const totals = points.map((p) => (mode === 'stacked'
    ? series.reduce((sum, s) => sum + (p.values[s.key] ?? 0), 0)
    : Math.max(0, ...series.map((s) => p.values[s.key] ?? 0))));
  const max = niceMax(Math.max(0, ...totals));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const labelOf = new Map(series.map((s) => [s.key, s.label]));
  return (
    <div role="figure" aria-label={label} data-testid={testId} style={{ height: HEIGHT }} className="w-full">
      {isClient && (
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <ComposedChart data={points} margin={{ top: 18, right: 12, bottom: 4, left: 0 }} barCategoryGap={1}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="t" tickFormatter={(t: number) => formatTime(t, span)} minTickGap={24} fontSize={10} stroke="#64748b" />
            <YAxis domain={[0, max]} ticks={ticks} tickFormatter={(v: number) => format(v).replace(/ /g, '\u00a0')} width={64} fontSize={10} stroke="#64748b" allowDataOverflow />
            <Tooltip labelFormatter={(t) => formatFull(Number(t))} isAnimationActive={false}
              formatter={(value, name) => [value === null || value === undefined ? '—' : format(Number(value)), labelOf.get(String(name)) ?? String(name)]} />
            {series.map((s) => (mode === 'stacked'
              ? <Bar key={s.key} name={s.key} dataKey={(p: Point) => p.values[s.key] ?? 0} stackId="total" fill={s.colour} isAnimationActive={false} />
              : <Line key={s.key} name={s.key} dataKey={(p: Point) => p.values[s.key] ?? null} stroke={s.colour} strokeWidth={1.6} dot={false} isAnimationActive={false} />))}
            {markerGroups(markers, points, bucketMs).map(({ t, shown, hidden }) => [
              <ReferenceLine key={`line-${t}`} x={t} stroke={SEVERITY_COLOURS[shown[0]!.severity]} strokeOpacity={0.35} strokeDasharray="2 2" />,
              <ReferenceDot key={`dot-${t}`} x={t} y={max} ifOverflow="visible"
                shape={(props) => <MarkerStack cx={Number(props.cx)} cy={Number(props.cy)} shown={shown} hidden={hidden} />} />,
            ])}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
