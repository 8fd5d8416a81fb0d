// Runs once when the Next.js server starts: signs a checkpoint for every log that grew, every 10 s,
// and moves newly ingested executions into the search index, every second.
const CHECKPOINT_INTERVAL_MS = Number(process.env.WARDEN_CHECKPOINT_INTERVAL_MS) || 10_000;
const SEARCH_INDEX_INTERVAL_MS = Number(process.env.WARDEN_SEARCH_INDEX_INTERVAL_MS) || 1_000;
// While ingest is busy, indexing (trigram GIN inserts: CPU-heavy) takes one batch per this interval only,
// so it never eats into ingest throughput; searches stay complete meanwhile (they scan the unindexed tail).
const SEARCH_INDEX_BUSY_INTERVAL_MS = Number(process.env.WARDEN_SEARCH_INDEX_BUSY_INTERVAL_MS) || 30_000;
const INGEST_QUIET_MS = 2_000;
const DETECTION_INTERVAL_MS = Number(process.env.WARDEN_DETECTION_INTERVAL_MS) || 2_000;
const DETECTION_BUSY_INTERVAL_MS = Number(process.env.WARDEN_DETECTION_BUSY_INTERVAL_MS) || 5_000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !process.env.DATABASE_URL) return;
  const { checkpointGrownLogs } = await import('./lib/ledger/checkpoints');
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await checkpointGrownLogs();
    } catch (error) {
      console.error('Checkpointing failed:', (error as Error).message);
    } finally {
      running = false;
    }
  };
  setInterval(tick, CHECKPOINT_INTERVAL_MS).unref();

  // Ingest never maintains text indexes; this catches execution_search up in bounded batches.
  const { indexPendingExecutions } = await import('./lib/search/indexPendingExecutions');
  const { millisecondsSinceIngest } = await import('./lib/ingest/ingestActivity');
  let indexing = false;
  let lastBusyBatch = 0;
  const indexTick = async () => {
    if (indexing) return;
    const ingestBusy = millisecondsSinceIngest() < INGEST_QUIET_MS;
    if (ingestBusy && Date.now() - lastBusyBatch < SEARCH_INDEX_BUSY_INTERVAL_MS) return;
    indexing = true;
    try {
      if (ingestBusy) lastBusyBatch = Date.now();
      await indexPendingExecutions(ingestBusy ? { maxBatches: 1 } : {});
    } catch (error) {
      console.error('Search indexing failed:', (error as Error).message);
    } finally {
      indexing = false;
    }
  };
  setInterval(indexTick, SEARCH_INDEX_INTERVAL_MS).unref();

  // Detections and chart rollups (lib/detect): near real time, never on the ingest path. While ingest
  // is busy, one batch per DETECTION_BUSY_INTERVAL_MS keeps alerts within seconds without slowing it.
  const { runPendingDetections } = await import('./lib/detect/runDetections');
  let detecting = false;
  let lastBusyDetection = 0;
  const detectTick = async () => {
    if (detecting) return;
    const ingestBusy = millisecondsSinceIngest() < INGEST_QUIET_MS;
    if (ingestBusy && Date.now() - lastBusyDetection < DETECTION_BUSY_INTERVAL_MS) return;
    detecting = true;
    try {
      if (ingestBusy) lastBusyDetection = Date.now();
      const report = await runPendingDetections(ingestBusy ? { maxBatches: 1 } : {});
      for (const failure of report.failures) console.error(`Detector ${failure.detector} failed:`, failure.message);
    } catch (error) {
      console.error('Detection failed:', (error as Error).message);
    } finally {
      detecting = false;
    }
  };
  setInterval(detectTick, DETECTION_INTERVAL_MS).unref();
}
