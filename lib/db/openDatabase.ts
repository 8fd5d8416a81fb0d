import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localSecret, wardenHome } from '../config';
import { DataDirectoryBusyError, startEmbeddedPostgres } from './embeddedPostgres';

export interface DatabaseHandle {
  url: string;
  /** True when this process started the embedded PostgreSQL (DATABASE_URL unset). */
  embedded: boolean;
  stop(): Promise<void>;
}

export interface OpenOptions {
  /** Use an embedded server another Warden process already runs (CLI commands next to `npm start`). */
  shareRunning?: boolean;
}

const RUNNING_URL_FILE = 'pg-running-url';

/**
 * The database Warden runs on: `DATABASE_URL` when set, else the embedded PostgreSQL under
 * `.warden/pg`. Everything after this point is the same code for both.
 */
export async function openDatabase(options: OpenOptions = {}, env: Record<string, string | undefined> = process.env): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const home = wardenHome();
  const runningUrlFile = path.join(home, RUNNING_URL_FILE);
  try {
    const embedded = await startEmbeddedPostgres(path.join(home, 'pg'), localSecret('pg-password', 24));
    writeFileSync(runningUrlFile, embedded.url, { mode: 0o600 });
    return {
      url: embedded.url,
      embedded: true,
      stop: async () => {
        rmSync(runningUrlFile, { force: true });
        await embedded.stop();
      },
    };
  } catch (error) {
    if (error instanceof DataDirectoryBusyError && options.shareRunning && existsSync(runningUrlFile)) {
      return { url: readFileSync(runningUrlFile, 'utf8').trim(), embedded: false, stop: async () => {} };
    }
    throw error;
  }
}
