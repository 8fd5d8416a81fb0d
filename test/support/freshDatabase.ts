import { randomBytes } from 'node:crypto';
import { applyMigrations, disconnectDb, ensureDatabase } from '../../lib/db';
import { databaseUrl } from './testServer';

function testServerUrl(): string {
  const url = process.env.WARDEN_TEST_SERVER_URL;
  if (!url) throw new Error('WARDEN_TEST_SERVER_URL unset: run tests through vitest (test/support/globalSetup.ts)');
  return url;
}

/** Creates an empty database for this test run (not migrated) and returns its URL. */
export async function emptyDatabase(): Promise<string> {
  const name = `${process.env.WARDEN_TEST_DB_PREFIX ?? 'warden_t_'}${randomBytes(5).toString('hex')}`;
  await ensureDatabase(testServerUrl(), name);
  return databaseUrl(testServerUrl(), name);
}

/** A new migrated database, made the one `db()` talks to in this test file. */
export async function freshDatabase(): Promise<string> {
  const url = await emptyDatabase();
  await applyMigrations(url);
  await disconnectDb();
  process.env.DATABASE_URL = url;
  return url;
}
