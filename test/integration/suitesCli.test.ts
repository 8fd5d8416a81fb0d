import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../lib/audit';
import { handleIngest } from '../../lib/ingest';
import { seedSuiteDemo } from '../../lib/suites/demoSuites';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { junitSchemaProblems, parseXml } from '../support/junitStructure';

let server: Awaited<ReturnType<typeof serveHandler>>;
let databaseUrl: string;
const dir = mkdtempSync(path.join(tmpdir(), 'warden-suites-cli-'));

beforeAll(async () => {
  databaseUrl = await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest, '/api/health': async () => Response.json({ ok: true }) });
  await seedSuiteDemo(CLI_ACTOR);
}, 120_000);
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real CLI in a child process, as CI runs it. */
function warden(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/warden', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('warden test run', () => {
  it('exits 1 when a case fails, naming the failure, its execution and likely cause; the JUnit file validates', async () => {
    const junit = path.join(dir, 'malformed.xml');
    const result = await warden(['test', 'run', '--release', 'demo-2025.11-malformed-output', '--env', 'staging', '--url', server.url, '--junit', junit]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ regression\s+run_query › select returns rows in the declared shape — output does not match the output schema/);
    expect(result.stdout).toMatch(new RegExp(`execution: ${server.url}/executions/staging/\\d+`));
    expect(result.stdout).toContain('likely cause: run_query 0.7.0 is new in this release');
    expect(result.stdout).toContain('Promotion gate: failed');
    expect(result.stdout).toMatch(/^\d+ passed, 1 failed$/m);
    const xml = readFileSync(junit, 'utf8');
    expect(junitSchemaProblems(xml)).toEqual([]);
    const root = parseXml(xml);
    expect(root.attributes).toMatchObject({ failures: '1', errors: '0' });
    const failing = root.children.flatMap((suite) => suite.children).find((element) => element.children.some((child) => child.name === 'failure'))!;
    expect(failing.attributes).toMatchObject({ name: 'select returns rows in the declared shape', classname: 'warden.run_query.regression' });
    const failure = failing.children.find((child) => child.name === 'failure')!;
    expect(failure.attributes.type).toBe('regression');
    expect(failure.text).toMatch(/execution: http:\/\/127\.0\.0\.1:\d+\/executions\/staging\/\d+/);
  }, 90_000);

  it('marks a successful attack as an attack_succeeded failure in JUnit', async () => {
    const junit = path.join(dir, 'injection.xml');
    const result = await warden(['test', 'run', '--release', 'demo-2025.11-follows-injection', '--url', server.url, '--junit', junit]);
    expect(result.code).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(junitSchemaProblems(xml)).toEqual([]);
    const failure = parseXml(xml).children.flatMap((suite) => suite.children).flatMap((element) => element.children).find((child) => child.name === 'failure')!;
    expect(failure.attributes.type).toBe('attack_succeeded');
    // The hidden instruction's invisible characters survive as valid XML (astral code points are allowed).
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  }, 90_000);

  it('exits 0 when every case passes', async () => {
    const junit = path.join(dir, 'fixed.xml');
    const result = await warden(['test', 'run', '--release', 'demo-2025.11-fixed', '--url', server.url, '--junit', junit]);
    expect(result.stdout).toContain('PASSED');
    expect(result.code).toBe(0);
    expect(junitSchemaProblems(readFileSync(junit, 'utf8'))).toEqual([]);
    expect(parseXml(readFileSync(junit, 'utf8')).attributes).toMatchObject({ failures: '0', errors: '0' });
  }, 90_000);

  it('refuses production (exit 2), unknown releases and an unreachable Warden (exit 1)', async () => {
    const production = await warden(['test', 'run', '--release', 'demo-2025.11-fixed', '--env', 'production', '--url', server.url]);
    expect(production.code).toBe(2);
    expect(production.stderr).toContain('suites run in staging only');
    const unknown = await warden(['test', 'run', '--release', 'no-such-release', '--url', server.url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('release no-such-release does not exist');
    const offline = await warden(['test', 'run', '--release', 'demo-2025.11-fixed', '--url', 'http://127.0.0.1:9']);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain('Warden does not answer');
  }, 60_000);
});

describe('the JUnit structure check', () => {
  it('rejects documents that break the schema (so a pass means something)', () => {
    const ok = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="1" failures="0" errors="0"><testsuite name="s" tests="1" failures="0" errors="0" time="0.1" timestamp="2025-11-25T10:00:00" hostname="h" id="0" package="p"><properties/><testcase name="c" classname="k" time="0.1"/><system-out/><system-err/></testsuite></testsuites>';
    expect(junitSchemaProblems(ok)).toEqual([]);
    expect(junitSchemaProblems(ok.replace(' hostname="h"', ''))).toEqual(['testsuite[0]: missing required attribute hostname']);
    expect(junitSchemaProblems(ok.replace('<properties/>', ''))[0]).toContain('children must be properties');
    expect(junitSchemaProblems(ok.replace('tests="1" failures="0" errors="0" time', 'tests="2" failures="0" errors="0" time'))[0]).toContain('holds 1 testcases');
    expect(junitSchemaProblems(ok.replace('name="c"', 'name="a & b"'))[0]).toContain('not well-formed');
    expect(junitSchemaProblems(ok.replace('<testcase name="c" classname="k" time="0.1"/>', '<testcase name="c" classname="k" time="0.1"><failure message="m" severity="x">t</failure></testcase>')))
      .toContain('testsuite[0] testcase[0] failure: attribute severity is not in the schema');
  });
});
