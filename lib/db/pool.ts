import pg from 'pg';

const globalForPool = globalThis as unknown as { wardenPool?: pg.Pool };

/**
 * A plain node-postgres pool for the hot paths (ingest) that need multi-row `unnest` inserts and
 * explicit transactions. Fails fast when the database is unreachable so callers can answer 503.
 */
export function pool(): pg.Pool {
  if (!globalForPool.wardenPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    globalForPool.wardenPool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    globalForPool.wardenPool.on('error', () => {}); // idle client errors surface on the next query instead
  }
  return globalForPool.wardenPool;
}

export async function closePool(): Promise<void> {
  const existing = globalForPool.wardenPool;
  globalForPool.wardenPool = undefined;
  await existing?.end();
}
