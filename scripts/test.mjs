// `npm test`: unit + integration (vitest, real PostgreSQL), a production build, then Playwright e2e
// in Chromium. Ends with one line "N passed, N failed" summed over every suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensurePrismaClient, ROOT } from '../bin/prepare.mjs';

const OUT = path.join(ROOT, '.test-output');
const bin = (pkg, file) => path.join(ROOT, 'node_modules', pkg, file);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const timings = [];
let passed = 0;
let failed = 0;
let broken = false;

function run(label, args) {
  const started = Date.now();
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env });
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
ensurePrismaClient();

const vitestOk = run('unit + integration (vitest)', [
  bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(OUT, 'vitest.json')}`,
]);
const vitest = readJson(path.join(OUT, 'vitest.json'));
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
}
if (!vitest || (!vitestOk && vitest.numFailedTests === 0)) {
  console.error('vitest did not complete; counting it as one failure');
  failed += 1;
  broken = true;
}

if (run('production build (next build)', [bin('next', path.join('dist', 'bin', 'next')), 'build'])) {
  const e2eOk = run('end-to-end (Playwright, Chromium)', [bin('@playwright/test', 'cli.js'), 'test']);
  const report = readJson(path.join(OUT, 'playwright.json'));
  if (report) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
  }
  if (!report || (!e2eOk && report.stats.unexpected === 0)) {
    console.error('Playwright did not complete; counting it as one failure');
    failed += 1;
    broken = true;
  }
} else {
  console.error('next build failed; end-to-end tests cannot run');
  failed += 1;
  broken = true;
}

console.log(`\n${timings.join(' · ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
