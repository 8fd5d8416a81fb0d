// Ingest activity, process-wide (globalThis: route handlers and the instrumentation hook may load
// separate copies of this module). Background work (search indexing, detections, Merkle tiles)
// defers to ingest with it.
const RATE_WINDOW_MS = 1_000;
const state = globalThis as unknown as { wardenIngested?: Array<[at: number, records: number]> };

function recent(now: number): Array<[number, number]> {
  const stored = (state.wardenIngested ??= []);
  while (stored.length > 0 && stored[0]![0] <= now - RATE_WINDOW_MS) stored.shift();
  return stored;
}

/** Counts the records a request stored (or quarantined), for recentIngestRate. */
export function noteIngestedRecords(count: number, now = Date.now()): void {
  recent(now).push([now, count]);
}

/** Records stored per second over the last second. */
export function recentIngestRate(now = Date.now()): number {
  return recent(now).reduce((sum, [, records]) => sum + records, 0) / (RATE_WINDOW_MS / 1000);
}
