import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirectoryBusyError, openDatabase } from '../../lib/db';

const home = mkdtempSync(path.join(tmpdir(), 'warden-home-'));
const env = { WARDEN_HOME: home };

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

describe('the embedded default (DATABASE_URL unset)', () => {
  const previousHome = process.env.WARDEN_HOME;
  process.env.WARDEN_HOME = home;
  afterAll(() => {
    process.env.WARDEN_HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  });

  it('starts PostgreSQL under .warden/pg with its own role and password, and keeps data across restarts', async () => {
    const first = await openDatabase({}, env);
    try {
      expect(first.embedded).toBe(true);
      const url = new URL(first.url);
      expect(url.username).toBe('warden');
      expect(url.password.length).toBeGreaterThanOrEqual(24);
      expect(statSync(path.join(home, 'pg-password')).mode & 0o777).toBe(0o600);
      expect(await scalar(first.url, 'SELECT current_user')).toBe('warden');
      // Tuned for bursts of appends, never at the cost of durability.
      expect([await scalar(first.url, 'SHOW max_wal_size'), await scalar(first.url, 'SHOW checkpoint_timeout'), await scalar(first.url, 'SHOW shared_buffers')]).toEqual(['4GB', '15min', '256MB']);
      expect([await scalar(first.url, 'SHOW fsync'), await scalar(first.url, 'SHOW synchronous_commit')]).toEqual(['on', 'on']);
      await scalar(first.url, 'CREATE TABLE kept (v text)');
      await scalar(first.url, "INSERT INTO kept VALUES ('survives restarts') RETURNING v");
    } finally {
      await first.stop();
    }

    const second = await openDatabase({}, env);
    try {
      expect(await scalar(second.url, 'SELECT v FROM kept')).toBe('survives restarts');
      const wrong = new URL(second.url);
      wrong.password = 'not-the-password';
      await expect(scalar(wrong.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
    } finally {
      await second.stop();
    }
  });

  it('says clearly when another instance holds the data directory, and lets CLI commands share it', async () => {
    const running = await openDatabase({}, env);
    try {
      await expect(openDatabase({}, env)).rejects.toThrow(DataDirectoryBusyError);
      await expect(openDatabase({}, env)).rejects.toThrow(/Another Warden instance \(PostgreSQL pid \d+\) is using the embedded database/);
      const shared = await openDatabase({ shareRunning: true }, env);
      expect(shared.url).toBe(running.url);
      expect(await scalar(shared.url, 'SELECT 1')).toBe(1);
    } finally {
      await running.stop();
    }
  });

  it('the CLI on the embedded default keeps users between runs', () => {
    const run = (args: string[], input?: string) =>
      spawnSync(process.execPath, [path.join(process.cwd(), 'bin', 'warden'), ...args], {
        encoding: 'utf8', input, timeout: 90_000, env: { ...process.env, DATABASE_URL: '', WARDEN_HOME: home },
      });
    const created = run(['user', 'create', '--email', 'keeper@example.com', '--role', 'lead']);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/Password for keeper@example.com \(shown once.*\): [A-Za-z0-9]{20}/);
    const again = run(['user', 'create', '--email', 'keeper@example.com', '--role', 'lead']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('a user with email keeper@example.com already exists');
  });
});
