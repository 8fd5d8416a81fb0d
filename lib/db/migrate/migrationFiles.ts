import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  /** Folder name, e.g. `20261125090000_foundation`; also the `migration_name` Prisma records. */
  name: string;
  file: string;
  sql: string;
  /** SHA-256 hex of the file's bytes, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** `WARDEN_MIGRATIONS_DIR` or `./prisma/migrations`. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(
  process.env.WARDEN_MIGRATIONS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations'),
);

/** The migrations under `dir`, in the order Prisma applies them (folder names sort by timestamp). */
export function readMigrationFiles(dir = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      const bytes = readFileSync(file);
      return { name, file, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}
