import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../../lib/ingest';
import { createCheckpoint, type StoredCheckpoint } from '../../lib/ledger';
import { forgetLedgerSigner } from '../../lib/ledger/ledgerIdentity';
import { consistencyProof, inclusionProof, treeHash, verifyConsistency, verifyInclusion } from '../../lib/ledger/merkle';
import { consistencyProofFor, inclusionProofFor } from '../../lib/ledger/proofs';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

let server: Awaited<ReturnType<typeof serveHandler>>;
let token: string;
let first: StoredCheckpoint;
let second: StoredCheckpoint;

async function ingest(from: number, count: number, extra = '') {
  for (let done = 0; done < count; done += 500) {
    const response = await post(server.url, token, ndjson(Array.from({ length: Math.min(500, count - done) }, (_, i) => sampleEvent(from + done + i))) + (done === 0 ? extra : ''));
    expect(response.status).toBe(200);
  }
}

/** Every leaf hash of the staging log, read directly: what the O(n) proofs used to read per request. */
async function allLeaves(): Promise<Buffer[]> {
  const rows = await sql<{ leaf_hash: Buffer }>(`SELECT seq, leaf_hash FROM executions WHERE environment = 'staging'
    UNION ALL SELECT seq, leaf_hash FROM quarantined_lines WHERE environment = 'staging' ORDER BY seq`);
  return rows.map((row) => row.leaf_hash);
}

const tileCount = async () => Number((await sql<{ count: string }>("SELECT count(*) FROM merkle_tiles WHERE environment = 'staging'"))[0]!.count);
const hashes = (list: string[]) => list.map((hash) => Buffer.from(hash, 'base64'));
const tamper = (statement: string) => sql(`SET session_replication_role = replica; ${statement}`);

beforeAll(async () => {
  await freshDatabase();
  process.env.WARDEN_SIGNING_KEY = '55'.repeat(32);
  forgetLedgerSigner();
  token = await ingestToken('staging');
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  await ingest(0, 1000, 'not json\n');
});
afterAll(async () => {
  delete process.env.WARDEN_SIGNING_KEY;
  forgetLedgerSigner();
  await server.close();
});

describe('Merkle tiles', () => {
  it('proofs read from tiles are byte-identical to merkle.ts over every leaf, at odd sizes and unaligned seqs', async () => {
    expect(await tileCount()).toBe(0);
    // The first proof fills the tiles it needs (none were made: no checkpoint yet).
    await inclusionProofFor('staging', 300, 1000);
    expect(await tileCount()).toBe(3);
    first = (await createCheckpoint('staging'))!;
    await ingest(1000, 300);
    second = (await createCheckpoint('staging'))!;
    expect([first.size, second.size]).toEqual([1001, 1301]);
    // The checkpoint job extends the tiles; each is the tree hash of its 256 leaves.
    const leaves = await allLeaves();
    const tiles = await sql<{ tile: string; hash: Buffer }>("SELECT tile, hash FROM merkle_tiles WHERE environment = 'staging' ORDER BY tile");
    expect(tiles.map((row) => Number(row.tile))).toEqual([0, 1, 2, 3, 4]);
    for (const row of tiles) expect(row.hash.equals(treeHash(leaves, Number(row.tile) * 256, Number(row.tile) * 256 + 256))).toBe(true);

    for (const size of [1, 2, 255, 256, 257, 513, 1000, 1001, 1023, 1024, 1025, 1300, 1301]) {
      for (const seq of new Set([0, 1, 255, 256, 257, 300, 777, 1000, 1024, 1299].filter((seq) => seq < size).concat(size - 1))) {
        const proof = await inclusionProofFor('staging', seq, size);
        expect(proof.leaf_hash).toBe(leaves[seq]!.toString('base64'));
        expect(proof.root_hash).toBe(treeHash(leaves, 0, size).toString('base64'));
        expect(proof.proof).toEqual(inclusionProof(leaves, seq, size).map((hash) => hash.toString('base64')));
      }
      for (const from of new Set([1, 2, 255, 256, 257, 700, 1000, 1001, 1024, 1300].filter((from) => from <= size).concat(size))) {
        const proof = await consistencyProofFor('staging', from, size);
        expect(proof.root_from).toBe(treeHash(leaves, 0, from).toString('base64'));
        expect(proof.root_to).toBe(treeHash(leaves, 0, size).toString('base64'));
        expect(proof.proof).toEqual(consistencyProof(leaves, from, size).map((hash) => hash.toString('base64')));
      }
    }
    const inclusion = await inclusionProofFor('staging', 777, second.size);
    expect(verifyInclusion(leaves[777]!, 777, second.size, hashes(inclusion.proof), second.rootHash)).toBe(true);
    const consistency = await consistencyProofFor('staging', first.size, second.size);
    expect(verifyConsistency(first.size, second.size, first.rootHash, second.rootHash, hashes(consistency.proof))).toBe(true);
  });

  it('tiles are append-only', async () => {
    await expect(sql("UPDATE merkle_tiles SET hash = decode(repeat('00', 32), 'hex') WHERE tile = 0")).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM merkle_tiles')).rejects.toThrow(/append-only/);
    await expect(sql('TRUNCATE merkle_tiles')).rejects.toThrow(/append-only/);
  });

  it('a proof over a log with a rewritten leaf no longer verifies against the signed checkpoints', async () => {
    const rewrite = (seq: number) => tamper(`UPDATE executions SET leaf_hash = decode(repeat('ab', 32), 'hex') WHERE environment = 'staging' AND seq = ${seq}`);
    const verifies = async (seq: number) => {
      const proof = await inclusionProofFor('staging', seq, second.size);
      return verifyInclusion(Buffer.from(proof.leaf_hash, 'base64'), seq, second.size, hashes(proof.proof), second.rootHash);
    };
    const consistent = async () => verifyConsistency(first.size, second.size, first.rootHash, second.rootHash,
      hashes((await consistencyProofFor('staging', first.size, second.size)).proof));

    const original1290 = (await allLeaves())[1290]!;
    // A leaf inside a stored tile: its own proof now starts from a leaf the signed tree does not hold.
    await rewrite(300);
    expect(await verifies(300)).toBe(false);
    // A leaf in the unfinished last tile, read fresh by every proof: every proof's root changes.
    await rewrite(1290);
    expect(await verifies(5)).toBe(false);
    expect(await verifies(1290)).toBe(false);
    expect(await consistent()).toBe(false);
    // With 1290 put back, the stored tile still holds leaf 300 as signed, so proofs of other leaves
    // verify; once an attacker empties the table, tiles are recomputed from the rewritten leaf.
    await tamper(`UPDATE executions SET leaf_hash = decode('${original1290.toString('hex')}', 'hex') WHERE environment = 'staging' AND seq = 1290`);
    expect(await verifies(5)).toBe(true);
    await tamper('DELETE FROM merkle_tiles');
    expect(await verifies(5)).toBe(false);
    expect(await consistent()).toBe(false);
    expect(await tileCount()).toBe(5);
  });
});
