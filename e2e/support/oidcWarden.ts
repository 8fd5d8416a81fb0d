import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '../../lib/db/ensureDatabase';
import { waitForHealth } from '../../lib/http/waitForHealth';
import { databaseUrl } from '../../test/support/testServer';

export interface RunningWarden {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A second Warden, apart from the shared e2e server: the production build through the real
 * `warden start`, on a database of its own, with the extra environment given (single sign-on
 * settings here). TEST_DATABASE_URL set → a fresh database on that server; unset → embedded.
 */
export async function startWarden(port: number, extraEnv: Record<string, string>): Promise<RunningWarden> {
  const home = mkdtempSync(path.join(tmpdir(), 'warden-e2e-oidc-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const databaseName = `warden_e2e_oidc_${randomBytes(4).toString('hex')}`;
  if (serverUrl) await ensureDatabase(serverUrl, databaseName);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/warden', 'start', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WARDEN_HOME: home,
      DATABASE_URL: serverUrl ? databaseUrl(serverUrl, databaseName) : '',
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: `http://localhost:${port}`,
      WARDEN_DEMO: '0',
      ...extraEnv,
    },
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-20_000); });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  const cleanUp = async () => {
    if (serverUrl) await dropDatabase(serverUrl, databaseName).catch(() => {});
    rmSync(home, { recursive: true, force: true });
  };
  const baseUrl = `http://localhost:${port}`;
  if (!(await waitForHealth(baseUrl, 180_000, () => !exited))) {
    child.kill('SIGTERM');
    await exit;
    await cleanUp();
    throw new Error(`the OIDC Warden did not become healthy:\n${output}`);
  }
  return {
    baseUrl,
    output: () => output,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (!exited) child.kill('SIGKILL');
      await cleanUp();
    },
  };
}
