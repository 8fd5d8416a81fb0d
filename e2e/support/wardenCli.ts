import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { E2E_ENV_FILE } from './personas';

/** Runs the real `warden` CLI against the e2e server's database (the env file the server wrote). */
export function wardenCli(args: string[], input?: string): string {
  const serverEnv = JSON.parse(readFileSync(path.resolve(E2E_ENV_FILE), 'utf8')) as Record<string, string>;
  const result = spawnSync(process.execPath, [path.resolve('bin', 'warden'), ...args], {
    encoding: 'utf8', input, timeout: 60_000, env: { ...process.env, ...serverEnv },
  });
  if (result.status !== 0) throw new Error(`warden ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
