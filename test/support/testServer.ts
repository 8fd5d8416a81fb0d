import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../lib/db/embeddedPostgres';

export interface TestServer {
  /** Connection string to the server's maintenance database, for CREATE/DROP DATABASE. */
  serverUrl: string;
  stop(): Promise<void>;
}

/** TEST_DATABASE_URL's server, or a throw-away embedded PostgreSQL in a temporary directory. */
export async function startTestServer(): Promise<TestServer> {
  if (process.env.TEST_DATABASE_URL) return { serverUrl: process.env.TEST_DATABASE_URL, stop: async () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-test-pg-'));
  const embedded = await startEmbeddedPostgres(path.join(dir, 'pg'), randomBytes(12).toString('hex'));
  return {
    serverUrl: embedded.serverUrl,
    stop: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops every database whose name starts with `prefix` (what one test run created). */
export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
