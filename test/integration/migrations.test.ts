import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, readMigrationFiles } from '../../lib/db';
import { emptyDatabase } from '../support/freshDatabase';

const REPO_MIGRATIONS = path.join(process.cwd(), 'prisma', 'migrations');
const FOUNDATION = '20261125090000_foundation';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function copyOfRepoMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-migrations-'));
  cpSync(REPO_MIGRATIONS, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string) {
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

describe('warden migrate (applyMigrations)', () => {
  let url: string;
  beforeEach(async () => {
    url = await emptyDatabase();
  });

  it("records each migration in _prisma_migrations the way Prisma does", async () => {
    const report = await applyMigrations(url);
    expect(report.applied).toContain(FOUNDATION);
    const rows = await query<{ id: string; checksum: string; migration_name: string; started_at: Date; finished_at: Date; applied_steps_count: number; logs: string | null; rolled_back_at: Date | null }>(
      url, 'SELECT * FROM _prisma_migrations ORDER BY started_at');
    const foundation = rows.find((row) => row.migration_name === FOUNDATION)!;
    const fileSha = createHash('sha256').update(readFileSync(path.join(REPO_MIGRATIONS, FOUNDATION, 'migration.sql'))).digest('hex');
    expect(foundation.checksum).toBe(fileSha);
    expect(foundation.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(foundation.finished_at.getTime()).toBeGreaterThanOrEqual(foundation.started_at.getTime());
    expect(foundation.applied_steps_count).toBe(1);
    expect(foundation.rolled_back_at).toBeNull();
  });

  it('is idempotent: a second run applies nothing', async () => {
    await applyMigrations(url);
    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toContain(FOUNDATION);
    expect(await query(url, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(second.alreadyApplied.length);
  });

  it('serialises instances starting together (advisory lock): each migration applied exactly once', async () => {
    const reports = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    expect(reports.flatMap((report) => report.applied).filter((name) => name === FOUNDATION)).toHaveLength(1);
    expect(await query(url, `SELECT 1 FROM _prisma_migrations WHERE migration_name = '${FOUNDATION}'`)).toHaveLength(1);
  });

  it('refuses, naming the file, when an applied migration was edited afterwards', async () => {
    const dir = copyOfRepoMigrations();
    await applyMigrations(url, dir);
    appendFileSync(path.join(dir, FOUNDATION, 'migration.sql'), '\n-- an innocent-looking edit\n');
    await expect(applyMigrations(url, dir)).rejects.toThrow(MigrationError);
    await expect(applyMigrations(url, dir)).rejects.toThrow(`${FOUNDATION}/migration.sql`);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const dir = copyOfRepoMigrations();
    addMigration(dir, '20990101000000_broken', 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n');
    await expect(applyMigrations(url, dir)).rejects.toThrow(/20990101000000_broken failed and was rolled back.*no_such_table/);
    expect(await query(url, `SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
    const names = (await query<{ migration_name: string }>(url, 'SELECT migration_name FROM _prisma_migrations')).map((r) => r.migration_name);
    expect(names.sort()).toEqual(readMigrationFiles(REPO_MIGRATIONS).map((migration) => migration.name));
  });

  it('refuses to continue after a migration that started and never finished', async () => {
    await applyMigrations(url);
    await query(url, `UPDATE _prisma_migrations SET finished_at = NULL`);
    await expect(applyMigrations(url)).rejects.toThrow(/started but never finished/);
  });
});

describe('the warden CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyOfRepoMigrations();
  });

  function warden(args: string[], databaseUrl: string) {
    return spawnSync(process.execPath, [path.join(process.cwd(), 'bin', 'warden'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: databaseUrl, WARDEN_MIGRATIONS_DIR: dir },
      timeout: 60_000,
    });
  }

  it('`warden migrate` applies, then refuses an edited migration with a message naming the file', async () => {
    const url = await emptyDatabase();
    const first = warden(['migrate'], url);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`applied  ${FOUNDATION}`);

    writeFileSync(path.join(dir, FOUNDATION, 'migration.sql'), readFileSync(path.join(dir, FOUNDATION, 'migration.sql'), 'utf8').replace('"name" TEXT', '"name" VARCHAR(80)'));
    const second = warden(['migrate'], url);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`Migration ${FOUNDATION} was edited after it was applied`);
    expect(second.stderr).toContain(path.join(FOUNDATION, 'migration.sql'));
  });

  it('`warden user create` refuses a weak password and an unknown role with clear errors', async () => {
    const url = await emptyDatabase();
    const weak = spawnSync(process.execPath, [path.join(process.cwd(), 'bin', 'warden'), 'user', 'create', '--email', 'a@b.io', '--password-stdin'], {
      encoding: 'utf8', input: 'short\n', env: { ...process.env, DATABASE_URL: url, WARDEN_MIGRATIONS_DIR: dir }, timeout: 60_000,
    });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('password must be at least 12 characters');
    const badRole = warden(['user', 'create', '--email', 'a@b.io', '--role', 'root'], url);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('--role must be analyst, lead or admin (got "root")');
  });
});
