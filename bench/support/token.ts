import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** An ingest token made by the real CLI against the bench server's database. */
export function createBenchToken(env: Record<string, string>): string {
  const result = spawnSync(process.execPath, [path.join('bin', 'warden'), 'token', 'create', '--name', 'bench', '--env', 'staging', '--scopes', 'ingest:write'], {
    encoding: 'utf8', env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`token create failed: ${result.stderr}`);
  return result.stdout.trim().split('\n').pop()!;
}
