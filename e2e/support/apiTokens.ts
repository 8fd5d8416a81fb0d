import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { E2E_ENV_FILE } from './personas';

export interface TokenSpec {
  key: string;
  environment: 'staging' | 'production';
  scopes: string[];
}

/**
 * Creates many API tokens through lib/tokens in one child process against the e2e server's
 * database (one `warden token create` each would take a process start apiece). Returns key → secret.
 */
export function createApiTokens(specs: TokenSpec[]): Record<string, string> {
  const serverEnv = JSON.parse(readFileSync(path.resolve(E2E_ENV_FILE), 'utf8')) as Record<string, string>;
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('e2e', 'support', 'apiTokensMain.ts')], {
    encoding: 'utf8', input: JSON.stringify(specs), timeout: 120_000, env: { ...process.env, ...serverEnv },
  });
  if (result.status !== 0) throw new Error(`creating tokens failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, string>;
}
