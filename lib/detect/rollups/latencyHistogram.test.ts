import { describe, expect, it } from 'vitest';
import { addInto, emptyHistogram, latencyBucket, quantile } from './latencyHistogram';

describe('latency histograms', () => {
  it('place durations in log buckets and give quantiles within the bucket resolution', () => {
    const histogram = emptyHistogram();
    const durations = Array.from({ length: 1000 }, (_, i) => 1 + i);
    for (const ms of durations) histogram[latencyBucket(ms)]!++;
    const p95 = quantile(histogram, 0.95)!;
    expect(Math.abs(p95 - 950) / 950).toBeLessThan(0.13);
    expect(quantile(histogram, 0.5)! / 500).toBeGreaterThan(0.87);
  });

  it('add up: merged histograms give the quantile of the union', () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    for (let i = 0; i < 90; i++) a[latencyBucket(10)]!++;
    for (let i = 0; i < 10; i++) b[latencyBucket(5000)]!++;
    const merged = addInto(addInto(emptyHistogram(), a), b);
    expect(quantile(merged, 0.5)!).toBeLessThan(12);
    expect(quantile(merged, 0.95)!).toBeGreaterThan(4000);
  });

  it('handle the edges: sub-millisecond, huge, empty', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(0.4)).toBe(0);
    expect(latencyBucket(Number.NaN)).toBe(0);
    expect(latencyBucket(1e12)).toBe(63);
    expect(quantile(emptyHistogram(), 0.95)).toBeNull();
  });
});
