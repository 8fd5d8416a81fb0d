// Runs once when the Next.js server starts: signs a checkpoint for every log that grew, every 10 s,
// and moves newly ingested executions into the search index, every second.
const CHECKPOINT_INTERVAL_MS = Number(process.env.WARDEN_CHECKPOINT_INTERVAL_MS) || 10_000;
const SEARCH_INDEX_INTERVAL_MS = Number(process.env.WARDEN_SEARCH_INDEX_INTERVAL_MS) || 1_000;
// Ingest is heavy above this many records per second (over the last second): the background jobs below
// then give the cores to it and take small steps; under it they run at full speed, so a steady
// stream never starves them. Detections alone manage ~4,000 records/s on two cores.
const HEAVY_INGEST_PER_S = Number(process.env.WARDEN_HEAVY_INGEST_PER_S) || 1_000;
// While ingest is heavy, indexing (trigram GIN inserts: CPU-heavy) takes one small batch per this
// interval only (a full batch of 5,000 is seconds of database CPU); searches stay complete meanwhile
// (they scan the unindexed tail).
const SEARCH_INDEX_BUSY_INTERVAL_MS = Number(process.env.WARDEN_SEARCH_INDEX_BUSY_INTERVAL_MS) || 10_000;
const SEARCH_INDEX_BUSY_BATCH = 500;
const DETECTION_INTERVAL_MS = Number(process.env.WARDEN_DETECTION_INTERVAL_MS) || 2_000;
// Detectors are JavaScript work on this thread: under a burst a batch of 2,000 held every ingest
// request in flight for 100–270 ms (the slowest batches of bench:ingest); 250 hold them ~25 ms.
const DETECTION_BUSY_BATCH = Number(process.env.WARDEN_DETECTION_BUSY_BATCH) || 250;

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !process.env.DATABASE_URL) return;
  const { checkpointGrownLogs, extendAllMerkleTiles } = await import('./lib/ledger/checkpoints');
  const { recentIngestRate } = await import('./lib/ingest/ingestActivity');
  const ingestHeavy = () => recentIngestRate() >= HEAVY_INGEST_PER_S;
  // Catch-up runs go batch after batch, and stop between batches once ingest turns heavy: a
  // full-speed catch-up beside a new burst doubled its latencies.
  const untilIngestHeavy = { keepGoing: () => !ingestHeavy() };
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Merkle tiles (a proof cache) wait while ingest is heavy: hashing them holds this thread.
      const heavy = ingestHeavy();
      await checkpointGrownLogs({ extendTiles: !heavy });
      if (!heavy) await extendAllMerkleTiles();
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
    const heavy = ingestHeavy();
    if (heavy && Date.now() - lastBusyBatch < SEARCH_INDEX_BUSY_INTERVAL_MS) return;
    indexing = true;
    try {
      if (heavy) lastBusyBatch = Date.now();
      await indexPendingExecutions(heavy ? { maxBatches: 1, batchSize: SEARCH_INDEX_BUSY_BATCH } : untilIngestHeavy);
    } catch (error) {
      console.error('Search indexing failed:', (error as Error).message);
    } finally {
      indexing = false;
    }
  };
  setInterval(indexTick, SEARCH_INDEX_INTERVAL_MS).unref();

  // Detections and chart rollups (lib/detect): near real time, never on the ingest path. While ingest
  // is heavy, one small batch per tick keeps alerts coming without slowing it; the backlog is caught
  // up at full speed once it is not.
  const { runPendingDetections } = await import('./lib/detect/runDetections');
  let detecting = false;
  const detectTick = async () => {
    if (detecting) return;
    detecting = true;
    try {
      const report = await runPendingDetections(ingestHeavy() ? { maxBatches: 1, batchSize: DETECTION_BUSY_BATCH } : untilIngestHeavy);
      for (const failure of report.failures) console.error(`Detector ${failure.detector} failed:`, failure.message);
    } catch (error) {
      console.error('Detection failed:', (error as Error).message);
    } finally {
      detecting = false;
    }
  };
  setInterval(detectTick, DETECTION_INTERVAL_MS).unref();
}
