import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/db/freePort';
import { canonicalBytes, chainHash, documentFromExecutionRow, GENESIS_CHAIN_HASH, leafHash, type ExecutionRow } from '../../lib/ledger';
import { freshDatabase } from '../support/freshDatabase';
import { ingestToken, ndjson, sampleEvent, sql } from '../support/ingestFixtures';

const BATCHES = 80;
const PER_BATCH = 50;
const SENDERS = 3;

function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'support', 'ingestServerMain.ts')], {
    env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('LISTENING')) resolve(child); });
    child.on('exit', (code) => reject(new Error(`ingest server exited early (${code})`)));
  });
}

describe('crash safety', () => {
  let token: string;
  beforeAll(async () => {
    await freshDatabase();
    token = await ingestToken('staging');
  });

  it('kill -9 at random moments while batches stream in: after retries every event is stored exactly once, chain intact', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/api/v1/ingest`;
    const batches = Array.from({ length: BATCHES }, (_, b) => ndjson(Array.from({ length: PER_BATCH }, (_, i) => sampleEvent(b * PER_BATCH + i))));
    let server = await startServer(port);
    let kills = 0;
    let interruptedRequests = 0;
    let acknowledged = 0;
    const queue = batches.map((_, index) => index);

    const sender = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        for (;;) {
          const outcome = await fetch(url, {
            method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body: batches[next],
          }).then((response) => response.status, () => 0);
          if (outcome === 200) break;
          interruptedRequests++;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        acknowledged++;
      }
    };
    const killer = async () => {
      while (acknowledged < BATCHES && kills < 15) {
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 250));
        if (acknowledged >= BATCHES) break;
        server.kill('SIGKILL');
        await new Promise((resolve) => server.once('exit', resolve));
        kills++;
        server = await startServer(port);
      }
    };
    await Promise.all([killer(), ...Array.from({ length: SENDERS }, sender)]);
    server.kill('SIGKILL');

    expect(kills).toBeGreaterThanOrEqual(3);
    expect(interruptedRequests).toBeGreaterThan(0);
    const rows = await sql<ExecutionRow & { seq: string; leaf_hash: Buffer; chain_hash: Buffer }>('SELECT * FROM executions ORDER BY seq');
    expect(rows).toHaveLength(BATCHES * PER_BATCH);
    expect(new Set(rows.map((row) => row.id)).size).toBe(BATCHES * PER_BATCH);
    expect(rows.map((row) => Number(row.seq))).toEqual(rows.map((_, index) => index));
    let chain: Buffer = GENESIS_CHAIN_HASH;
    for (const row of rows) {
      const leaf = leafHash(canonicalBytes(documentFromExecutionRow(row)));
      expect(leaf.equals(row.leaf_hash)).toBe(true);
      chain = chainHash(chain, leaf);
      expect(chain.equals(row.chain_hash)).toBe(true);
    }
    console.log(`crash safety: ${kills} kill -9, ${interruptedRequests} interrupted requests retried, ${rows.length} events stored once`);
  }, 180_000);
});
