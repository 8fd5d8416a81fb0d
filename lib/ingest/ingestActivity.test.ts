import { describe, expect, it } from 'vitest';
import { noteIngestedRecords, recentIngestRate } from './ingestActivity';

describe('the recent ingest rate (what background jobs defer to)', () => {
  it('is records per second over the last second, forgetting older requests', () => {
    (globalThis as { wardenIngested?: unknown }).wardenIngested = [];
    const t = 1_000_000;
    noteIngestedRecords(1000, t);
    noteIngestedRecords(400, t + 600);
    expect(recentIngestRate(t + 600)).toBe(1400);
    expect(recentIngestRate(t + 1_100)).toBe(400); // the first request left the window
    expect(recentIngestRate(t + 1_700)).toBe(0);
  });
});
