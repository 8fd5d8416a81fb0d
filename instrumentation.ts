// Runs once when the Next.js server starts: signs a checkpoint for every log that grew, every 10 s,
// and moves newly ingested executions into the search index, every second.
const CHECKPOINT_INTERVAL_MS = Number(process.env.WARDEN_CHECKPOINT_INTERVAL_MS) || 10_000;
const SEARCH_INDEX_INTERVAL_MS = Number(process.env.WARDEN_SEARCH_INDEX_INTERVAL_MS) || 1_000;
// While ingest is busy, indexing (trigram GIN inserts: CPU-heavy) takes one batch per this interval only,
// so it never eats into ingest throughput; searches stay complete meanwhile (they scan the unindexed tail).
const SEARCH_INDEX_BUSY_INTERVAL_MS = Number(process.env.WARDEN_SEARCH_INDEX_BUSY_INTERVAL_MS) || 30_000;
const INGEST_QUIET_MS = 2_000;
// Catch-up runs of the jobs below go batch after batch while ingest is quiet, and stop between
// batches as soon as it is not: a full-speed catch-up beside a new burst doubled its latencies.
const ingestQuiet = (millisecondsSinceIngest: () => number) => () => millisecondsSinceIngest() >= INGEST_QUIET_MS;
const DETECTION_INTERVAL_MS = Number(process.env.WARDEN_DETECTION_INTERVAL_MS) || 2_000;
// Detectors are JavaScript work on this thread: a batch of 2,000 held every ingest request in
// flight for 100–270 ms (the slowest batches of bench:ingest); 250 at a time hold them ~25 ms.
const DETECTION_BUSY_BATCH = Number(process.env.WARDEN_DETECTION_BUSY_BATCH) || 250;

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !process.env.DATABASE_URL) return;
  const { checkpointGrownLogs, extendAllMerkleTiles } = await import('./lib/ledger/checkpoints');
  const { millisecondsSinceIngest } = await import('./lib/ingest/ingestActivity');
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Merkle tiles (a proof cache) wait while ingest is busy: hashing them holds this thread.
      const ingestBusy = millisecondsSinceIngest() < INGEST_QUIET_MS;
      await checkpointGrownLogs({ extendTiles: !ingestBusy });
      if (!ingestBusy) await extendAllMerkleTiles();
    } catch (error) {
      console.error('Checkpointing failed:', (error as Error).message);
    } finally {
      running = false;
    }
  };
  setInterval(tick, CHECKPOINT_INTERVAL_MS).unref();

  // Ingest never maintains text indexes; this catches execution_search up in bounded batches.
  const { indexPendingExecutions } = await import('./lib/search/indexPendingExecutions');
  let indexing = false;
  let lastBusyBatch = 0;
  const indexTick = async () => {
    if (indexing) return;
    const ingestBusy = millisecondsSinceIngest() < INGEST_QUIET_MS;
    if (ingestBusy && Date.now() - lastBusyBatch < SEARCH_INDEX_BUSY_INTERVAL_MS) return;
    indexing = true;
    try {
      if (ingestBusy) lastBusyBatch = Date.now();
      await indexPendingExecutions(ingestBusy ? { maxBatches: 1 } : { keepGoing: ingestQuiet(millisecondsSinceIngest) });
    } catch (error) {
      console.error('Search indexing failed:', (error as Error).message);
    } finally {
      indexing = false;
    }
  };
  setInterval(indexTick, SEARCH_INDEX_INTERVAL_MS).unref();

  // Detections and chart rollups (lib/detect): near real time, never on the ingest path. While ingest
  // is busy, one small batch per tick keeps alerts coming without slowing it; the backlog is caught
  // up at full speed once ingest is quiet.
  const { runPendingDetections } = await import('./lib/detect/runDetections');
  let detecting = false;
  const detectTick = async () => {
    if (detecting) return;
    const ingestBusy = millisecondsSinceIngest() < INGEST_QUIET_MS;
    detecting = true;
    try {
      const report = await runPendingDetections(ingestBusy ? { maxBatches: 1, batchSize: DETECTION_BUSY_BATCH } : { keepGoing: ingestQuiet(millisecondsSinceIngest) });
      for (const failure of report.failures) console.error(`Detector ${failure.detector} failed:`, failure.message);
    } catch (error) {
      console.error('Detection failed:', (error as Error).message);
    } finally {
      detecting = false;
    }
  };
  setInterval(detectTick, DETECTION_INTERVAL_MS).unref();
}
