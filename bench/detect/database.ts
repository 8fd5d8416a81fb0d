import { randomBytes } from 'node:crypto';
import { applyMigrations, disconnectDb } from '../../lib/db';
import { dropDatabase, ensureDatabase } from '../../lib/db/ensureDatabase';
import { closePool } from '../../lib/db/pool';

/** A new migrated database on the bench server, made the one lib/ talks to (pool and Prisma). */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `warden_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  await closePool();
  await disconnectDb();
  process.env.DATABASE_URL = url.toString();
  return {
    url: url.toString(),
    drop: async () => {
      await closePool();
      await disconnectDb();
      await dropDatabase(serverUrl, name);
    },
  };
}

