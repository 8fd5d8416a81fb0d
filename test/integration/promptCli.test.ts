import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as labelRoute from '../../app/api/v1/prompts/[name]/labels/[env]/route';
import * as promptRoute from '../../app/api/v1/prompts/[name]/route';
import * as versionRoute from '../../app/api/v1/prompts/[name]/versions/[version]/route';
import * as versionsRoute from '../../app/api/v1/prompts/[name]/versions/route';
import * as promptsRoute from '../../app/api/v1/prompts/route';
import { getPromptDetail } from '../../lib/prompts';
import { freshDatabase } from '../support/freshDatabase';
import { ingestToken, sql } from '../support/ingestFixtures';

// The prompt REST routes behind a tiny router over real HTTP, as `next start` would serve them.
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: Array<[RegExp, string[], Record<string, unknown>]> = [
  [/^\/api\/v1\/prompts$/, [], promptsRoute],
  [/^\/api\/v1\/prompts\/([^/]+)$/, ['name'], promptRoute],
  [/^\/api\/v1\/prompts\/([^/]+)\/versions$/, ['name'], versionsRoute],
  [/^\/api\/v1\/prompts\/([^/]+)\/versions\/([^/]+)$/, ['name', 'version'], versionRoute],
  [/^\/api\/v1\/prompts\/([^/]+)\/labels\/([^/]+)$/, ['name', 'env'], labelRoute],
];
let server: http.Server;
let url: string;
let tokens: { read: string; write: string; production: string };
const dir = mkdtempSync(path.join(tmpdir(), 'warden-prompt-cli-'));
const repo = path.join(dir, 'repo');

async function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const pathname = (req.url ?? '/').split('?')[0]!;
  for (const [pattern, names, module] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const handler = module[req.method ?? 'GET'] as Handler | undefined;
    if (!handler) return void res.writeHead(405).end();
    const params = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined, duplex: 'half' } as RequestInit);
    const response = await handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  res.writeHead(404).end();
}

function warden(args: string[], cwd = dir): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Run from another folder, as CI does in a checkout: paths resolve there, not in Warden's checkout.
    const child = spawn(process.execPath, [path.resolve('bin/warden'), ...args], { env: { ...process.env, WARDEN_URL: url }, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const TRIAGE = ['---', 'name: triage-ticket', 'owner: support', 'tag: 2.0.1', 'parameters:', '  temperature: 0.2', '---',
  'Triage {{key}} for the {{team}} team.', 'Decide priority (P1-P4), component and owner.', 'Reply in the reporter\'s language.', ''].join('\n');

beforeAll(async () => {
  await freshDatabase();
  tokens = {
    read: await ingestToken('staging', ['prompts:read']),
    write: await ingestToken('staging', ['prompts:write']),
    production: await ingestToken('production', ['prompts:read', 'prompts:write']),
  };
  server = http.createServer((req, res) => void route(req, res).catch((error) => res.writeHead(500).end(String(error))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(path.join(repo, 'prompts', 'jira'), { recursive: true });
  writeFileSync(path.join(repo, 'prompts', 'jira', 'triage.md'), TRIAGE);
  writeFileSync(path.join(repo, 'prompts', 'summarize-thread.json'), JSON.stringify({ template: 'Summarize {{channel}}.', parameters: { top_p: 0.9 } }));
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

// Children spawned per case: each pays for tsx start-up.
describe('warden prompt', { timeout: 180_000 }, () => {
  it('push refuses production tokens and read-only tokens', async () => {
    const production = await warden(['prompt', 'push', 'repo/prompts', '--token', tokens.production]);
    expect(production.code).toBe(2);
    expect(production.stderr).toContain('staging tokens only');
    const readOnly = await warden(['prompt', 'push', 'repo/prompts', '--token', tokens.read]);
    expect(readOnly.code).toBe(1);
    expect(readOnly.stdout).toContain('lacks the prompts:write scope');
    expect(await getPromptDetail('triage-ticket')).toBeNull();
  });

  it('diff before anything is registered: unregistered prompts, exit 1', async () => {
    const result = await warden(['prompt', 'diff', 'repo/prompts', '--token', tokens.read]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('! triage-ticket (jira/triage.md): UNREGISTERED PROMPT');
    expect(result.stdout).toContain('--- /dev/null');
    expect(result.stdout).toMatch(/2 prompt files: 0 unchanged, 0 equal another registered version, 0 unregistered changes, 2 unregistered prompts — FAILED/);
  });

  it('push registers both files (v1), then reports them unchanged; --label-staging labels new versions', async () => {
    const first = await warden(['prompt', 'push', 'repo/prompts', '--token', tokens.write, '--label-staging']);
    expect(first.stdout).toMatch(/\+ triage-ticket \(jira\/triage.md\): registered v1 \[[0-9a-f]{12}\], labelled staging/);
    expect(first.code).toBe(0);
    expect((await getPromptDetail('triage-ticket'))).toMatchObject({ owner: 'support', labels: { staging: 1 }, versions: [{ version: 1, tag: '2.0.1', parameters: { temperature: 0.2 } }] });
    const again = await warden(['prompt', 'push', 'repo/prompts', '--token', tokens.write]);
    expect(again.stdout).toContain('= triage-ticket (jira/triage.md): unchanged');
    expect(again.code).toBe(0);
    const [action] = await sql<{ actor: string }>(`SELECT actor FROM console_actions WHERE action = 'prompt.version_created' LIMIT 1`);
    expect(action!.actor).toMatch(/^token:wdn_staging_/);
  });

  it('diff exits 0 on unchanged files, and --verify checks checksums', async () => {
    const result = await warden(['prompt', 'diff', 'repo/prompts', '--token', tokens.read]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^= summarize-thread \(summarize-thread.json\): unchanged, equals v1, latest \[[0-9a-f]{12}\]$/m);
    expect(result.stdout).toContain('2 prompt files: 2 unchanged');
    const verify = await warden(['prompt', 'diff', 'repo/prompts', '--verify', '--token', tokens.read]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK {7}triage-ticket jira\/triage.md [0-9a-f]{64}$/m);
  });

  it('a one-word change: exit 1 with a readable, stable word diff', async () => {
    writeFileSync(path.join(repo, 'prompts', 'jira', 'triage.md'), TRIAGE.replace('Decide priority', 'Decide severity'));
    const first = await warden(['prompt', 'diff', 'repo/prompts', '--token', tokens.read]);
    expect(first.code).toBe(1);
    const checksumNew = /triage-ticket \(jira\/triage.md\): UNREGISTERED CHANGE against v1 \(2\.0\.1\), latest \[([0-9a-f]{12})\]/.exec(first.stdout)?.[1];
    expect(checksumNew).toBeDefined();
    const v1 = (await getPromptDetail('triage-ticket'))!.versions[0]!.checksum.slice(0, 12);
    expect(first.stdout).toContain([
      `--- registry/triage-ticket@v1 [${v1}]`,
      `+++ jira/triage.md [${checksumNew}]`,
      '@@ -1,3 +1,3 @@',
      'Triage {{key}} for the {{team}} team.',
      'Decide [-priority-]{+severity+} (P1-P4), component and owner.',
      'Reply in the reporter\'s language.',
    ].join('\n'));
    expect(first.stdout).toContain('1 unregistered change, 0 unregistered prompts — FAILED (--fail-on unregistered)');
    // Byte for byte the same on a second run: safe to paste into a review.
    expect((await warden(['prompt', 'diff', 'repo/prompts', '--token', tokens.read])).stdout).toBe(first.stdout);
    const never = await warden(['prompt', 'diff', 'repo/prompts', '--fail-on', 'never', '--token', tokens.read]);
    expect(never.code).toBe(0);
    const verify = await warden(['prompt', 'diff', 'repo/prompts', '--verify', '--token', tokens.read]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/^MISMATCH triage-ticket jira\/triage.md [0-9a-f]{64} expected [0-9a-f]{64} \(v1\)$/m);
  });

  it('after pushing the change, a file equal to an older version passes by default and fails --fail-on changed', async () => {
    // The same tag with other content is refused: a tag names one version.
    const sameTag = await warden(['prompt', 'push', 'repo/prompts', '--token', tokens.write]);
    expect(sameTag).toMatchObject({ code: 1, stdout: expect.stringContaining('tag 2.0.1 is already used') });
    writeFileSync(path.join(repo, 'prompts', 'jira', 'triage.md'), TRIAGE.replace('Decide priority', 'Decide severity').replace('tag: 2.0.1', 'tag: 2.1.0'));
    expect((await warden(['prompt', 'push', 'repo/prompts', '--token', tokens.write])).stdout).toContain('registered v2');
    writeFileSync(path.join(repo, 'prompts', 'jira', 'triage.md'), TRIAGE);
    const lenient = await warden(['prompt', 'diff', 'repo/prompts', '--token', tokens.read]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('~ triage-ticket (jira/triage.md): equals registered v1 (2.0.1), not v2 (2.1.0), latest');
    expect((await warden(['prompt', 'diff', 'repo/prompts', '--fail-on', 'changed', '--token', tokens.read])).code).toBe(1);
    // --against staging: staging is still at v1, which this file equals.
    const staging = await warden(['prompt', 'diff', 'repo/prompts', '--against', 'staging', '--fail-on', 'changed', '--token', tokens.read]);
    expect(staging).toMatchObject({ code: 0, stdout: expect.stringContaining('= triage-ticket (jira/triage.md): unchanged, equals v1 (2.0.1), staging') });
  });

  it('usage, file and connection errors exit 2 with the reason', async () => {
    expect((await warden(['prompt', 'diff', 'nope', '--token', tokens.read])).stderr).toContain('nope: no such file or directory');
    expect((await warden(['prompt', 'diff', 'repo/prompts', '--fail-on', 'sometimes', '--token', tokens.read])).code).toBe(2);
    expect((await warden(['prompt', 'diff', 'repo/prompts', '--token', tokens.write])).stderr).toContain('lacks the prompts:read scope');
    writeFileSync(path.join(dir, 'broken.md'), '---\nmodel: x\n---\nBody');
    const broken = await warden(['prompt', 'diff', 'broken.md', '--token', tokens.read]);
    expect(broken).toMatchObject({ code: 2, stderr: expect.stringContaining('broken.md:2: unknown front-matter key model') });
  });

  it('checksum prints the canonical checksum a server can report', async () => {
    const result = await warden(['prompt', 'checksum', 'repo/prompts/summarize-thread.json']);
    const stored = (await getPromptDetail('summarize-thread'))!.versions[0]!;
    expect(result.stdout.trim()).toBe(`${stored.checksum}  summarize-thread  summarize-thread.json  (template ${stored.templateChecksum})`);
  });
});
