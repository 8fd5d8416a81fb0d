/** Robust statistics for baselines: the median and the MAD ignore the odd spike already in the history. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation scaled by 1.4826, so it estimates σ for normal data. */
export function madSigma(values: readonly number[], centre = median(values)): number {
  return 1.4826 * median(values.map((value) => Math.abs(value - centre)));
}

export interface Baseline { median: number; sigma: number; samples: number; days: number }

/**
 * Count data are noisy where they are small: σ is at least √median (Poisson) and at least 1, so a
 * quiet subject going from 0 to 2 calls is no anomaly. `threshold` = median + k·σ.
 */
export function countBaseline(values: readonly number[], days: number): Baseline {
  const m = median(values);
  return { median: m, sigma: Math.max(madSigma(values, m), Math.sqrt(Math.max(m, 1)), 1), samples: values.length, days };
}

export const round = (value: number) => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);
