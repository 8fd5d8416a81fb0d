import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from './migrationFiles';

/** The lock key `prisma migrate deploy` takes too, so Warden and Prisma never migrate at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

export class MigrationError extends Error {}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies pending migrations in order, each in its own transaction, recording them in
 * `_prisma_migrations` exactly as Prisma does. Refuses to run when an applied migration's file
 * changed since, or when an earlier run left one unfinished.
 */
export async function applyMigrations(
  databaseUrl: string,
  dir = DEFAULT_MIGRATIONS_DIR,
): Promise<MigrationReport> {
  const files = readMigrationFiles(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    const unfinished = rows.find((row) => row.finished_at === null);
    if (unfinished) {
      throw new MigrationError(
        `Migration ${unfinished.migration_name} started but never finished. Inspect the database, then mark it ` +
          'rolled back (`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE ...`) before migrating again.',
      );
    }
    for (const file of files) {
      const row = applied.get(file.name);
      if (row && row.checksum !== file.checksum) {
        throw new MigrationError(
          `Migration ${file.name} was edited after it was applied: ${path.relative(process.cwd(), file.file)} ` +
            `has checksum ${file.checksum}, the database recorded ${row.checksum}. Restore the file and put the ` +
            'change in a new migration.',
        );
      }
    }
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      if (applied.has(file.name)) {
        report.alreadyApplied.push(file.name);
        continue;
      }
      await applyOne(client, file.name, file.sql, file.checksum);
      report.applied.push(file.name);
    }
    return report;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}

async function applyOne(client: pg.Client, name: string, sql: string, checksum: string): Promise<void> {
  const id = randomUUID();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, checksum, name],
    );
    await client.query(sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new MigrationError(`Migration ${name} failed and was rolled back: ${(error as Error).message}`);
  }
}
