/**
 * Latency histograms with log-spaced buckets (three per doubling, ±12 % resolution): bucket 0 holds
 * durations under 1 ms, bucket i ≥ 1 holds [2^((i-1)/3), 2^(i/3)) ms, the last one everything above.
 * Histograms add up, so per-minute rollups merge into any range and still give a p95.
 */
export const LATENCY_BUCKETS = 64;

export function latencyBucket(durationMs: number): number {
  if (!(durationMs >= 1)) return 0;
  return Math.min(LATENCY_BUCKETS - 1, Math.floor(Math.log2(durationMs) * 3) + 1);
}

export function emptyHistogram(): number[] {
  return new Array<number>(LATENCY_BUCKETS).fill(0);
}

export function addInto(target: number[], source: readonly (number | null)[] | null | undefined): number[] {
  if (source) for (let i = 0; i < LATENCY_BUCKETS; i++) target[i]! += Number(source[i] ?? 0);
  return target;
}

/** Lower and upper bound of a bucket in ms. */
function bounds(bucket: number): [number, number] {
  if (bucket === 0) return [0, 1];
  return [2 ** ((bucket - 1) / 3), 2 ** (bucket / 3)];
}

/** The q-quantile (0..1) of a histogram, interpolated inside its bucket; null when it is empty. */
export function quantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i]!;
    if (n > 0 && seen + n >= rank) {
      const [lo, hi] = bounds(i);
      const within = Math.min(1, Math.max(0, (rank - seen) / n));
      return lo === 0 ? hi * within : lo * (hi / lo) ** within;
    }
    seen += n;
  }
  return bounds(histogram.length - 1)[0];
}
