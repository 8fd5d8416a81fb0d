// When the last ingest request arrived, process-wide (globalThis: route handlers and the
// instrumentation hook may load separate copies of this module). Background work such as search
// indexing defers to ingest with it.
const state = globalThis as unknown as { wardenLastIngestAt?: number };

export function noteIngestActivity(): void {
  state.wardenLastIngestAt = Date.now();
}

/** Milliseconds since the last ingest request (Infinity when none came yet). */
export function millisecondsSinceIngest(): number {
  return state.wardenLastIngestAt === undefined ? Infinity : Date.now() - state.wardenLastIngestAt;
}
