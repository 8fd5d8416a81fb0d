import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const BUILD_INPUTS = ['app', 'components', 'lib', 'types', 'public', 'proxy.ts', 'next.config.mjs', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

/** True when there is no production build or a source file changed after it was made. */
export function buildIsStale(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((entry) => newestMtime(path.join(root, entry)) > builtAt);
}

export function nextBin(root: string): string {
  return path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
}

/** Runs `next build` when the build is missing or stale; returns the seconds it took (0 when skipped). */
export function buildIfNeeded(root: string): number {
  if (!buildIsStale(root)) return 0;
  console.log('Building the console (next build)…');
  const started = Date.now();
  const result = spawnSync(process.execPath, [nextBin(root), 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error('next build failed; see the output above');
  return (Date.now() - started) / 1000;
}
