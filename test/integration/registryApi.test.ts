import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as activeRoute from '../../app/api/v1/releases/active/route';
import * as environmentsRoute from '../../app/api/v1/registry/environments/[...path]/route';
import * as modelConfigsRoute from '../../app/api/v1/registry/model-configs/route';
import * as promotionsRoute from '../../app/api/v1/registry/promotions/[[...path]]/route';
import * as releaseDeployRoute from '../../app/api/v1/registry/releases/[id]/deploy/route';
import * as releaseRoute from '../../app/api/v1/registry/releases/[id]/route';
import * as releasesRoute from '../../app/api/v1/registry/releases/route';
import * as toolsRoute from '../../app/api/v1/registry/tools/route';
import { toolCommand } from '../../bin/cli/toolCommands';
import { SCOPES } from '../../lib/tokens';
import { getActiveRelease, rollbackRelease } from '../../lib/registry';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, sql } from '../support/ingestFixtures';
import { must, readFileSchema, seedReleases, sessionUser, toolManifest } from '../support/registryFixtures';
import { approveAndDeploy, requestPromotion } from '../../lib/registry';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createDemoServer } from '../../lib/mcp/demo/demoServer';
import { ReleasePoller } from '../../lib/mcp/demo/releasePoller';

type Handler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
const withParams = (handler: Handler, params: (url: URL) => Record<string, unknown> = () => ({})) =>
  (request: Request) => handler(request, { params: Promise.resolve(params(new URL(request.url))) });

let server: Awaited<ReturnType<typeof serveHandler>>;
let url: string;
let releaseIds: string[];
const allScopes = [...SCOPES];
const tokens: Record<string, string> = {};

async function call(method: string, pathname: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${pathname}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  await freshDatabase();
  process.env.WARDEN_PROMOTION_MIN_SOAK_MINUTES = '0';
  process.env.WARDEN_PROMOTION_GATES = 'soak,alerts';
  const releaseId = (u: URL) => ({ id: u.pathname.split('/')[5] });
  const routes: Record<string, Handler> = {};
  const dynamic: Array<[RegExp, (request: Request) => Promise<Response>]> = [
    [/^\/api\/v1\/registry\/releases\/[^/]+\/deploy$/, withParams(releaseDeployRoute.POST as Handler, releaseId)],
    [/^\/api\/v1\/registry\/releases\/[^/]+$/, withParams(releaseRoute.GET as Handler, releaseId)],
  ];
  server = await serveHandler(new Proxy(routes, {
    get: (_target, key: string) => {
      // Method dispatch like Next's router; the adapter only knows paths, so route on both here.
      return async (request: Request) => {
        const { pathname } = new URL(request.url);
        const table: Record<string, Record<string, Handler | undefined>> = {
          '/api/v1/releases/active': { GET: activeRoute.GET as Handler },
          '/api/v1/registry/tools': { GET: toolsRoute.GET as Handler, POST: toolsRoute.POST as Handler },
          '/api/v1/registry/model-configs': { POST: modelConfigsRoute.POST as Handler },
          '/api/v1/registry/releases': { POST: releasesRoute.POST as Handler },
        };
        if (pathname.startsWith('/api/v1/registry/promotions')) return promotionsRoute.POST(request, { params: Promise.resolve({}) });
        if (pathname.startsWith('/api/v1/registry/environments/')) return environmentsRoute.POST(request, { params: Promise.resolve({ path: [] }) });
        const handler = table[pathname]?.[request.method];
        if (handler) return withParams(handler)(request);
        for (const [pattern, dynamicHandler] of dynamic) if (pattern.test(pathname) && (request.method === 'POST') === pathname.endsWith('/deploy')) return dynamicHandler(request);
        void key;
        return new Response(null, { status: 405 });
      };
    },
  }) as Record<string, (request: Request) => Promise<Response>>);
  url = server.url;
  tokens.stagingAll = await ingestToken('staging', allScopes);
  tokens.productionAll = await ingestToken('production', allScopes);
  tokens.stagingRead = await ingestToken('staging', ['registry:read']);
  tokens.productionRead = await ingestToken('production', ['registry:read']);
  tokens.stagingWrite = await ingestToken('staging', ['registry:write']);
  releaseIds = (await seedReleases(2, 'api')).releases.map((release) => release.id);
});
afterAll(() => server.close());

describe('registry REST API', () => {
  it('pushes manifests with a staging registry:write token and refuses a wrong semver step with the reason (422)', async () => {
    const first = await call('POST', '/api/v1/registry/tools', tokens.stagingWrite!, [toolManifest('lookup', '1.0.0')]);
    expect(first.status).toBe(201);
    expect(first.body.registered).toMatchObject([{ name: 'lookup', version: '1.0.0', created: true }]);
    const wrong = await call('POST', '/api/v1/registry/tools', tokens.stagingWrite!, toolManifest('lookup', '1.1.0', readFileSchema(['path', 'encoding'])));
    expect(wrong.status).toBe(422);
    expect(wrong.body.message).toContain('needs a major version (at least 2.0.0): field `encoding` became required [required_added]');
    expect((await call('POST', '/api/v1/registry/tools', tokens.stagingWrite!, toolManifest('lookup', '2.0.0', readFileSchema(['path', 'encoding'])))).status).toBe(201);
    const [entry] = await sql<{ actor: string }>(`SELECT actor FROM console_actions WHERE action = 'tool.version_registered' AND target = 'tool:lookup@2.0.0'`);
    expect(entry!.actor).toMatch(/^token:wdn_staging_/);
  });

  it('refuses writes from production tokens, read-only tokens and no token', async () => {
    expect((await call('POST', '/api/v1/registry/tools', tokens.productionAll!, toolManifest('x', '1.0.0'))).status).toBe(403);
    expect((await call('POST', '/api/v1/registry/tools', tokens.stagingRead!, toolManifest('x', '1.0.0'))).status).toBe(403);
    expect((await call('POST', '/api/v1/registry/releases', tokens.productionAll!, { name: 'x', tools: ['lookup@1.0.0'] })).status).toBe(403);
    expect((await call('GET', '/api/v1/registry/tools', tokens.stagingWrite!)).status).toBe(403);
    expect((await call('GET', '/api/v1/registry/tools', tokens.stagingRead!)).body.tools.map((tool: { name: string }) => tool.name)).toContain('lookup');
  });

  it('imports an MCP Registry server.json', async () => {
    const result = await call('POST', '/api/v1/registry/tools', tokens.stagingWrite!, {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json', name: 'io.github.acme/notes', version: '0.3.0',
      packages: [{ registryType: 'npm', identifier: '@acme/notes', version: '0.3.0', transport: { type: 'stdio' } }],
      _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { tools: [{ name: 'add_note', description: 'Adds a note', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } }] } },
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ format: 'server_json', registered: [{ name: 'add_note', version: '0.3.0' }] });
    expect((await sql<{ source: string; owner: string }>(`SELECT v.source, t.owner FROM tool_versions v JOIN tools t ON t.id = v.tool_id WHERE t.name = 'add_note'`))[0]).toEqual({ source: 'mcp_registry', owner: 'io.github.acme' });
  });

  it('warden tool push <dir> registers a repository\'s manifests and exits 1 with the reason on a wrong bump', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-tools-'));
    mkdirSync(path.join(dir, 'tools'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'not-a-manifest' }));
    writeFileSync(path.join(dir, 'tools', 'grep.v1.json'), JSON.stringify(toolManifest('grep', '1.0.0')));
    writeFileSync(path.join(dir, 'tools', 'grep.v1_1.json'), JSON.stringify(toolManifest('grep', '1.1.0', readFileSchema(), { description: 'faster' })));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await toolCommand(['push', dir, '--url', url, '--token', tokens.stagingWrite!])).toBe(0);
      expect(log.mock.calls.map((args) => args[0])).toEqual(expect.arrayContaining(['skipped   package.json (not a tool manifest)', 'registered grep@1.0.0 (first version)', 'registered grep@1.1.0 (after 1.0.0)']));
      writeFileSync(path.join(dir, 'tools', 'grep.v1_2.json'), JSON.stringify(toolManifest('grep', '1.2.0', { type: 'object', properties: {} })));
      expect(await toolCommand(['push', dir, '--url', url, '--token', tokens.stagingWrite!])).toBe(1);
      expect(error.mock.calls.at(-1)![0]).toMatch(/^refused {3}grep@1\.2\.0: grep 1\.2\.0 is a minor step from 1\.1\.0, but it makes 2 breaking changes .*field `path` removed \[property_removed\]/);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });

  it('serves the active release per environment with an ETag and 304s; a staging token cannot read production', async () => {
    expect((await call('GET', '/api/v1/releases/active?env=production', tokens.stagingAll!)).status).toBe(403);
    const empty = await call('GET', '/api/v1/releases/active?env=production', tokens.productionRead!);
    expect(empty).toMatchObject({ status: 200, body: { environment: 'production', release: null } });
    const lead = await sessionUser('lee@example.com', 'lead');
    const lead2 = await sessionUser('lou@example.com', 'lead');
    // seedReleases deployed nothing to staging: deploy via the API (staging only), then promote.
    for (const id of releaseIds) expect((await call('POST', `/api/v1/registry/releases/${id}/deploy`, tokens.stagingWrite!, { environment: 'staging' })).status).toBe(200);
    for (const id of releaseIds) {
      const request = await must(requestPromotion({ releaseId: id, reason: 'ship' }, lead));
      expect(await must(approveAndDeploy({ requestId: request.id, decision: 'approved' }, lead2))).toMatchObject({ status: 'deployed' });
    }
    const live = await call('GET', '/api/v1/releases/active?env=production', tokens.productionRead!);
    expect(live.status).toBe(200);
    expect(live.body.release).toMatchObject({ id: releaseIds[1], name: 'api-2', tools: [{ name: 'api_read_file', version: '1.2.0' }, { name: 'api_search', version: '1.0.0' }] });
    expect(live.body.model).toMatchObject({ provider: 'anthropic', model_id: 'claude-sonnet-4', fallback_index: null });
    const etag = live.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect((await call('GET', '/api/v1/releases/active?env=production', tokens.productionRead!, undefined, { 'if-none-match': etag })).status).toBe(304);
    await must(rollbackRelease({ environment: 'production', reason: 'api test rollback' }, lead));
    const after = await call('GET', '/api/v1/releases/active?env=production', tokens.productionRead!, undefined, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.body.release.id).toBe(releaseIds[0]);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await call('GET', `/api/v1/registry/releases/${releaseIds[0]}`, tokens.stagingRead!)).body).toMatchObject({ name: 'api-1' });
  });

  it('the demo MCP server polls the active release (304 while nothing changes) and reports a rollback', async () => {
    const lead = { via: 'session' as const, id: (await sql<{ id: string }>(`SELECT id FROM users WHERE email = 'lee@example.com'`))[0]!.id, email: 'lee@example.com', role: 'lead' as const };
    let fetches = 0;
    const statuses: number[] = [];
    const poller = new ReleasePoller({
      url, token: tokens.productionRead!, environment: 'production',
      fetchImpl: async (input, init) => { fetches++; const response = await fetch(input, init); statuses.push(response.status); return response; },
    });
    expect(await poller.poll()).toBe(true);
    expect(await poller.poll()).toBe(false);
    expect(statuses).toEqual([200, 304]);
    const { server } = createDemoServer({ release: poller });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'registry-test', version: '1.0.0' });
    await client.connect(clientSide);
    const ask = async () => ((await client.callTool({ name: 'current_release', arguments: {} })).content as Array<{ text: string }>)[0]!.text;
    expect(await ask()).toBe('release api-1 in production (api_read_file@1.1.0, api_search@1.0.0) · model openai/gpt-4.1');
    await must(rollbackRelease({ environment: 'production', releaseId: releaseIds[1], reason: 'forward again' }, lead));
    expect(await poller.poll()).toBe(true);
    expect(await ask()).toBe('release api-2 in production (api_read_file@1.2.0, api_search@1.0.0) · model anthropic/claude-sonnet-4');
    expect(fetches).toBe(3);
    await client.close();
  });

  it('an API token with every scope can neither promote, approve, reject, deploy to production nor roll back (each endpoint tried)', async () => {
    const before = await getActiveRelease('production');
    const [request] = await sql<{ id: string }>(`SELECT id FROM promotion_requests ORDER BY created_at LIMIT 1`);
    const counts = async () => (await sql<{ d: string; p: string; a: string }>(
      `SELECT (SELECT count(*) FROM deployments) AS d, (SELECT count(*) FROM promotion_requests) AS p, (SELECT count(*) FROM promotion_approvals) AS a`))[0];
    const start = await counts();
    const attempts: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/registry/promotions', { releaseId: releaseIds[1], reason: 'via token' }],
      ['POST', `/api/v1/registry/promotions/${request!.id}/approve`, {}],
      ['POST', `/api/v1/registry/promotions/${request!.id}/reject`, { comment: 'no' }],
      ['POST', `/api/v1/registry/promotions/${request!.id}/deploy`, {}],
      ['POST', '/api/v1/registry/environments/production/rollback', { reason: 'via token' }],
      ['POST', '/api/v1/registry/environments/production/model-rollback', { target: 'fallback:0', reason: 'via token' }],
      ['POST', `/api/v1/registry/releases/${releaseIds[1]}/deploy`, { environment: 'production' }],
    ];
    for (const token of [tokens.stagingAll!, tokens.productionAll!]) {
      for (const [method, pathname, body] of attempts) {
        const response = await call(method, pathname, token, body);
        expect(response.status, `${method} ${pathname}`).toBe(403);
        expect(response.body.error).toBe('forbidden');
      }
    }
    expect(await counts()).toEqual(start);
    expect((await getActiveRelease('production'))!.deployment.id).toBe(before!.deployment.id);
  });
});
