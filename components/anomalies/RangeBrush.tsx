'use client';

import { Bar, BarChart, Brush, ResponsiveContainer } from 'recharts';
import { useIsClient } from '@/components/ui/useIsClient';
import { formatFull, formatTime } from './format';

const HEIGHT = 56;

/**
 * The time-range brush: an overview of calls over the whole range; drag its handles or the window
 * to zoom every chart on the page to that span, or use the two sliders (keyboard). "Whole range" resets.
 */
export function RangeBrush({ totals, times, window: [start, end], onChange }: {
  totals: number[]; times: number[]; window: [number, number]; onChange: (window: [number, number]) => void;
}) {
  const isClient = useIsClient();
  const n = totals.length;
  if (n === 0) return null;
  const rows = totals.map((calls, i) => ({ t: times[i]!, calls }));
  const span = times[n - 1]! - times[0]!;
  const select = (a: number, b: number) => onChange([Math.min(a, b), Math.max(a, b)]);
  return (
    <div data-testid="range-brush" className="rounded-lg border border-slate-200 bg-white p-3">
      <div className="mb-1 flex items-center justify-between text-xs text-slate-600">
        <span>Drag the window over the overview to zoom all charts: <strong data-testid="brush-window">{formatFull(times[start]!)} – {formatFull(times[end]!)}</strong></span>
        <button type="button" onClick={() => onChange([0, n - 1])} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50">Whole range</button>
      </div>
      <div role="group" aria-label="Calls over the whole range" style={{ height: HEIGHT }} className="w-full select-none">
        {isClient && (
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <BarChart data={rows} margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
              <Brush dataKey="t" height={HEIGHT - 4} startIndex={start} endIndex={end} travellerWidth={8} stroke="#0369a1" fill="#f8fafc"
                tickFormatter={(t: number) => formatTime(t, span)}
                onChange={({ startIndex, endIndex }) => { if (startIndex !== undefined && endIndex !== undefined) select(startIndex, endIndex); }}>
                <BarChart data={rows}>
                  <Bar dataKey="calls" fill="#94a3b8" isAnimationActive={false} />
                </BarChart>
              </Brush>
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
      <div className="mt-2 grid grid-cols-2 gap-4 text-xs text-slate-600">
        <label>From <input type="range" min={0} max={n - 1} value={start} aria-label="Window start" onChange={(event) => select(Number(event.target.value), end)} className="w-full" /></label>
        <label>To <input type="range" min={0} max={n - 1} value={end} aria-label="Window end" onChange={(event) => select(start, Number(event.target.value))} className="w-full" /></label>
      </div>
    </div>
  );
}
