import pg from 'pg';
import { canonicalBytes, chainHash, documentFromExecutionRow, GENESIS_CHAIN_HASH, leafHash, type ExecutionRow } from '../../lib/ledger';

/** Walks an environment's executions in seq order (keyset pages): count, gaplessness, hash chain. */
export async function verifyLog(databaseUrl: string, environment: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let count = 0;
  let gapless = true;
  let chainIntact = true;
  let chain: Buffer = GENESIS_CHAIN_HASH;
  let after = -1;
  try {
    for (;;) {
      const { rows } = await client.query<ExecutionRow & { seq: string; leaf_hash: Buffer; chain_hash: Buffer }>(
        'SELECT * FROM executions WHERE environment = $1 AND seq > $2 ORDER BY seq LIMIT 10000', [environment, after]);
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== count) gapless = false;
        const leaf = leafHash(canonicalBytes(documentFromExecutionRow(row)));
        chain = chainHash(chain, leaf);
        if (!leaf.equals(row.leaf_hash) || !chain.equals(row.chain_hash)) chainIntact = false;
        count++;
        after = seq;
      }
    }
    return { count, gapless, chainIntact };
  } finally {
    await client.end();
  }
}
