import { applyMigrations, closePool, disconnectDb, openDatabase } from '../../lib/db';

/** Runs `work` against the migrated Warden database (DATABASE_URL, or the embedded one). */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  const database = await openDatabase({ shareRunning: true });
  process.env.DATABASE_URL = database.url;
  try {
    await applyMigrations(database.url);
    return await work();
  } finally {
    await disconnectDb();
    await closePool();
    await database.stop();
  }
}
