import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CopyOutQuery } from '../../lib/ledger/verify/copyOutQuery';
import { emptyDatabase } from '../support/freshDatabase';

// CopyOutQuery reads the socket itself while CopyData messages arrive and hands it back to
// node-postgres at the first other message. This holds both paths to the same payloads, across
// messages cut by socket reads (rows of 1 byte to 200 kB), and checks the connection afterwards.

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: await emptyDatabase() });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});
afterEach(() => {
  CopyOutQuery.readSocketDirectly = true;
});

const socketOf = (c: pg.Client) => (c as unknown as { connection: { stream: Socket } }).connection.stream;

// Sizes from empty to far past a socket read (64 kB), so messages and even headers are cut anywhere.
const ROWS = `COPY (SELECT i, repeat(chr(65 + i % 26), CASE WHEN i % 997 = 0 THEN 200000 WHEN i % 13 = 0 THEN 70000 ELSE i % 300 END)
  FROM generate_series(1, 6000) i) TO STDOUT (FORMAT binary)`;

async function payloads(sql: string, direct: boolean, onPayload?: (count: number) => void) {
  CopyOutQuery.readSocketDirectly = direct;
  const digest = createHash('sha256');
  const sizes: number[] = [];
  const query = new CopyOutQuery(sql, (payload) => {
    digest.update(payload);
    sizes.push(payload.length);
    onPayload?.(sizes.length);
  });
  await client.query(query);
  await query.done;
  return { digest: digest.digest('hex'), sizes, direct: query.rowsReadDirectly };
}

describe('CopyOutQuery', () => {
  it('hands onData exactly the payloads node-postgres parses, reading the socket itself, and gives the socket back', async () => {
    const parsed = await payloads(ROWS, false);
    const direct = await payloads(ROWS, true);
    // The header comes with the first row and the trailer on its own: one payload per row, and one more.
    expect(parsed.sizes).toHaveLength(6001);
    expect(parsed.direct).toBe(0);
    expect(direct).toEqual({ ...parsed, direct: 6001 });
    expect(socketOf(client).listeners('data')).toHaveLength(1);
    expect((await client.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
  });

  it('fails with the server\'s error raised in the middle of the rows, and the connection goes on', async () => {
    const failing = 'COPY (SELECT i, 1 / (3000 - i) FROM generate_series(1, 5000) i) TO STDOUT (FORMAT binary)';
    let seen = 0;
    await expect(payloads(failing, true, (count) => (seen = count))).rejects.toThrow(/division by zero/);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(3000);
    expect(socketOf(client).listeners('data')).toHaveLength(1);
    expect((await client.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it('fails with the error onData throws, after reading the rest of the COPY, and the connection goes on', async () => {
    let calls = 0;
    await expect(payloads(ROWS, true, (count) => {
      calls = count;
      if (count === 100) throw new Error('stop at row 100');
    })).rejects.toThrow('stop at row 100');
    expect(calls).toBe(100);
    expect((await client.query('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
  });
});
