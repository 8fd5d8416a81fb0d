import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../../lib/ingest';
import { treeHash } from '../../lib/ledger/merkle';
import { lockHeadWithMerkleState, merkleFromRow, readLeafHashes } from '../../lib/ledger/merkleState';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

let server: Awaited<ReturnType<typeof serveHandler>>;
let token: string;
beforeAll(async () => {
  await freshDatabase();
  token = await ingestToken('staging');
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(() => server.close());

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('incremental Merkle state', () => {
  it('advances in the ingest transaction and always equals the RFC 6962 root of every leaf stored', async () => {
    let n = 0;
    for (const size of [1, 2, 5, 64, 3, 100]) {
      const lines = Array.from({ length: size }, () => JSON.stringify(sampleEvent(n++)));
      if (size === 5) lines.push('quarantined line');
      await post(server.url, token, lines.join('\n'));
      const [head] = await sql<{ next_seq: string; merkle_size: string; merkle_peaks: Buffer[] | null }>("SELECT * FROM log_heads WHERE environment = 'staging'");
      expect(head!.merkle_size).toBe(head!.next_seq);
      const leaves = await withClient((client) => readLeafHashes(client, 'staging', 0, Number(head!.next_seq)));
      expect(merkleFromRow(head!.merkle_size, head!.merkle_peaks).root().equals(treeHash(leaves))).toBe(true);
    }
  });

  it('catches up from a stale state (as after the migration that added it) without rescanning later', async () => {
    await sql("UPDATE log_heads SET merkle_size = 0, merkle_peaks = NULL WHERE environment = 'staging'");
    await post(server.url, token, ndjson([sampleEvent(9_000), sampleEvent(9_001)]));
    const [stale] = await sql<{ merkle_size: string }>("SELECT merkle_size FROM log_heads WHERE environment = 'staging'");
    expect(stale!.merkle_size).toBe('0');
    const head = await withClient(async (client) => {
      await client.query('BEGIN');
      const locked = await lockHeadWithMerkleState(client, 'staging');
      await client.query('COMMIT');
      return locked;
    });
    const leaves = await withClient((client) => readLeafHashes(client, 'staging', 0, head.nextSeq));
    expect(head.merkle.size).toBe(head.nextSeq);
    expect(head.merkle.root().equals(treeHash(leaves))).toBe(true);
    await post(server.url, token, ndjson([sampleEvent(9_002)]));
    const [after] = await sql<{ next_seq: string; merkle_size: string }>("SELECT * FROM log_heads WHERE environment = 'staging'");
    expect(after!.merkle_size).toBe(after!.next_seq);
  });
});
