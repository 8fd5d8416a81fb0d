'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useIsClient } from '@/components/ui/useIsClient';

const HEIGHT = 160;

/** Passed and failing cases per release, oldest first, as stacked bars. */
export function PassRateTrend({ points }: { points: Array<{ release: string; passed: number; failed: number }> }) {
  const isClient = useIsClient();
  if (points.length === 0) return null;
  const summary = points.map((point) => `${point.release}: ${point.passed} passed, ${point.failed} failing`).join('; ');
  return (
    <figure className="mb-4" data-testid="pass-rate-trend">
      <div role="img" aria-label={summary} title={summary} style={{ height: HEIGHT, maxWidth: Math.max(320, points.length * 110) }} className="w-full">
        {isClient && (
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} maxBarSize={64}>
              <CartesianGrid vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="release" fontSize={10} stroke="#64748b" interval={0} />
              <YAxis allowDecimals={false} width={32} fontSize={10} stroke="#64748b" />
              <Tooltip isAnimationActive={false} />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              <Bar dataKey="passed" name="passed" stackId="cases" fill="#059669" isAnimationActive={false} />
              <Bar dataKey="failed" name="failed or not judged" stackId="cases" fill="#f43f5e" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
