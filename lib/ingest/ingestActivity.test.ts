import { describe, expect, it } from 'vitest';
import { answerIngest } from './handleIngest';
import { millisecondsSinceIngest } from './ingestActivity';

describe('ingest activity (what background indexing defers to)', () => {
  it('is noted by every ingest request, answered or refused', async () => {
    (globalThis as { wardenLastIngestAt?: number }).wardenLastIngestAt = Date.now() - 60_000;
    expect(millisecondsSinceIngest()).toBeGreaterThanOrEqual(60_000);
    await answerIngest(async () => new Response(null, { status: 401 }));
    expect(millisecondsSinceIngest()).toBeLessThan(1_000);
  });
});
