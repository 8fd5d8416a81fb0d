import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPendingDetections } from '../../lib/detect';
import { handleIngest } from '../../lib/ingest';
import { recentIngestRate } from '../../lib/ingest/ingestActivity';
import { checkpointGrownLogs, extendAllMerkleTiles } from '../../lib/ledger';
import { TILE_SIZE } from '../../lib/ledger/merkleTiles';
import { indexPendingExecutions } from '../../lib/search/indexPendingExecutions';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

// What the server's background jobs do while ingest is busy (instrumentation.ts): catch-up runs
// stop between batches when told to, and checkpoints leave the Merkle tiles for later.
let server: Awaited<ReturnType<typeof serveHandler>>;

beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  const token = await ingestToken('staging');
  const response = await post(server.url, token, ndjson(Array.from({ length: 2 * TILE_SIZE + 10 }, (_, i) => sampleEvent(i))));
  expect(response.status).toBe(200);
});
afterAll(() => server.close());

const cursor = async (table: string) => Number((await sql<{ next_seq: string }>(`SELECT next_seq FROM ${table} WHERE environment = 'staging'`))[0]!.next_seq);

describe('background jobs give way to ingest', () => {
  it('a detection catch-up stops after the batch in hand once ingest resumes, and goes on later', async () => {
    let asked = 0;
    const stopped = await runPendingDetections({ batchSize: 100, keepGoing: () => ++asked < 2 });
    expect([stopped.batches, stopped.examined, await cursor('detection_progress')]).toEqual([2, 200, 200]);
    const rest = await runPendingDetections({ batchSize: 100, keepGoing: () => true });
    expect([rest.examined, await cursor('detection_progress')]).toEqual([2 * TILE_SIZE + 10 - 200, 2 * TILE_SIZE + 10]);
  });

  it('a search-index catch-up does the same', async () => {
    const stopped = await indexPendingExecutions({ batchSize: 100, keepGoing: () => false });
    expect([stopped.batches, await cursor('execution_search_progress')]).toEqual([1, 100]);
    await indexPendingExecutions({ batchSize: 100 });
    expect(await cursor('execution_search_progress')).toBe(2 * TILE_SIZE + 10);
  });

  it('a checkpoint made while ingest is busy leaves the Merkle tiles, and extendAllMerkleTiles stores them later', async () => {
    const checkpoints = await checkpointGrownLogs({ extendTiles: false });
    expect(checkpoints.find((checkpoint) => checkpoint.environment === 'staging')!.size).toBe(2 * TILE_SIZE + 10);
    expect(await sql('SELECT tile FROM merkle_tiles')).toEqual([]);
    await extendAllMerkleTiles();
    expect((await sql<{ tile: string }>(`SELECT tile FROM merkle_tiles WHERE environment = 'staging' ORDER BY tile`)).map((row) => Number(row.tile))).toEqual([0, 1]);
  });

  it('every stored request counts towards the recent ingest rate they watch', async () => {
    (globalThis as { wardenIngested?: unknown }).wardenIngested = [];
    const token = await ingestToken('production');
    expect((await post(server.url, token, ndjson(Array.from({ length: 30 }, (_, i) => sampleEvent(i, { environment: 'production' }))) + 'broken\n')).status).toBe(200);
    expect(recentIngestRate()).toBe(31);
  });
});
