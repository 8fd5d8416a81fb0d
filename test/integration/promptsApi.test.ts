import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as labelRoute from '../../app/api/v1/prompts/[name]/labels/[env]/route';
import * as promptRoute from '../../app/api/v1/prompts/[name]/route';
import * as versionRoute from '../../app/api/v1/prompts/[name]/versions/[version]/route';
import * as versionsRoute from '../../app/api/v1/prompts/[name]/versions/route';
import * as promptsRoute from '../../app/api/v1/prompts/route';
import type { CurrentUser } from '../../lib/auth/currentUser';
import { db } from '../../lib/db';
import { applyReleasePromptLabels } from '../../lib/prompts';
import { freshDatabase } from '../support/freshDatabase';
import { ingestToken, sql } from '../support/ingestFixtures';

// The console session, as currentUser() would read it from the next-auth cookie.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('../../lib/auth/currentUser', () => ({ currentUser: async () => session.user }));

const ANALYST: CurrentUser = { id: '6f1c1f9e-3c55-4a7c-9d59-0d6b2a9f5e11', email: 'ana@example.com', name: null, role: 'analyst' };
const LEAD: CurrentUser = { id: '0b7e6a52-8f43-4f0e-9a2c-5b1d9c3e7f20', email: 'lee@example.com', name: null, role: 'lead' };
const ADMIN: CurrentUser = { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', email: 'root@example.com', name: null, role: 'admin' };

type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Call { method?: string; token?: string | null; user?: CurrentUser | null; body?: unknown; contentType?: string; params?: Record<string, string> }
async function call(handler: unknown, url: string, options: Call = {}) {
  session.user = options.user ?? null;
  const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.9' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const request = new Request(`http://warden.test${url}`, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body });
  const response = await (handler as Route)(request, { params: Promise.resolve(options.params ?? {}) });
  return { status: response.status, body: await response.json() };
}

let tokens: Record<'stagingRead' | 'stagingWrite' | 'productionRead' | 'productionWrite' | 'ingestOnly', string>;
const V1 = { name: 'summarize-thread', description: 'Slack summaries', owner: 'collab', template: 'Summarize {{channel}}. List decisions.', parameters: { temperature: 0.3 }, tag: '0.9.0' };

beforeAll(async () => {
  await freshDatabase();
  tokens = {
    stagingRead: await ingestToken('staging', ['prompts:read']),
    stagingWrite: await ingestToken('staging', ['prompts:write']),
    productionRead: await ingestToken('production', ['prompts:read']),
    productionWrite: await ingestToken('production', ['prompts:read', 'prompts:write']),
    ingestOnly: await ingestToken('staging', ['ingest:write']),
  };
});

describe('prompts REST API', () => {
  it('creates a prompt with a staging prompts:write token (201) and records it in the console log', async () => {
    const created = await call(promptsRoute.POST, '/api/v1/prompts', { token: tokens.stagingWrite, body: V1 });
    expect(created).toMatchObject({ status: 201, body: { prompt: 'summarize-thread', version: 1, tag: '0.9.0', variables: ['channel'], checksum: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const [row] = await sql<{ actor: string; action: string; source_ip: string }>(`SELECT actor, action, source_ip FROM console_actions WHERE action = 'prompt.version_created'`);
    expect(row).toEqual({ actor: expect.stringMatching(/^token:wdn_staging_/), action: 'prompt.version_created', source_ip: '203.0.113.9' });
  });

  it('refuses writes without the right token or role, and with production tokens', async () => {
    const body = { template: 'Summarize {{channel}}. List decisions and owners.' };
    const params = { name: 'summarize-thread' };
    expect(await call(versionsRoute.POST, '/v', { body, params })).toMatchObject({ status: 401 });
    expect(await call(versionsRoute.POST, '/v', { body, params, token: 'wdn_staging_garbage' })).toMatchObject({ status: 401 });
    expect(await call(versionsRoute.POST, '/v', { body, params, token: tokens.stagingRead })).toMatchObject({ status: 403, body: { message: expect.stringContaining('prompts:write') } });
    expect(await call(versionsRoute.POST, '/v', { body, params, token: tokens.ingestOnly })).toMatchObject({ status: 403 });
    expect(await call(versionsRoute.POST, '/v', { body, params, token: tokens.productionWrite })).toMatchObject({ status: 403, body: { message: expect.stringContaining('staging tokens only') } });
    expect(await call(promptsRoute.POST, '/p', { body: { ...V1, name: 'other' }, token: tokens.productionWrite })).toMatchObject({ status: 403 });
    expect(await call(versionsRoute.POST, '/v', { body, params, user: ANALYST })).toMatchObject({ status: 403, body: { message: expect.stringContaining('lead') } });
    // A request that sends a token is judged on the token alone, whoever is signed in.
    expect(await call(versionsRoute.POST, '/v', { body, params, user: ADMIN, token: tokens.productionWrite })).toMatchObject({ status: 403 });
    expect((await call(promptRoute.GET, '/p', { params, user: ANALYST })).body.versions).toHaveLength(1);
  });

  it('lets a lead add a version; bad bodies get 400/415 with fields, never 500', async () => {
    const params = { name: 'summarize-thread' };
    const added = await call(versionsRoute.POST, '/v', { params, user: LEAD, body: { template: 'Summarize {{channel}}. List decisions and owners.', parameters: { temperature: 0.3 }, message: 'owners', base_version: 1 } });
    expect(added).toMatchObject({ status: 201, body: { version: 2, author: 'lee@example.com', message: 'owners' } });
    expect(await call(versionsRoute.POST, '/v', { params, user: LEAD, body: { template: 'x', base_version: 1 } })).toMatchObject({ status: 409, body: { fields: { base_version: expect.any(Array) } } });
    expect(await call(versionsRoute.POST, '/v', { params, user: LEAD, body: 'template=x', contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ status: 415 });
    expect(await call(versionsRoute.POST, '/v', { params, user: LEAD, body: '{"template":', contentType: 'application/json' })).toMatchObject({ status: 400 });
    expect(await call(versionsRoute.POST, '/v', { params, user: LEAD, body: { template: '' } })).toMatchObject({ status: 400, body: { fields: { template: ['write the template'] } } });
    expect(await call(versionsRoute.POST, '/v', { params: { name: 'missing' }, user: LEAD, body: { template: 'x' } })).toMatchObject({ status: 404 });
  });

  it('lists prompts and reads versions by number, tag, latest and label', async () => {
    const list = await call(promptsRoute.GET, '/api/v1/prompts', { token: tokens.stagingRead });
    expect(list).toMatchObject({ status: 200, body: { items: [{ name: 'summarize-thread', latest_version: 2, labels: {} }] } });
    const params = (version: string) => ({ name: 'summarize-thread', version });
    expect((await call(versionRoute.GET, '/v', { params: params('1'), token: tokens.stagingRead })).body).toMatchObject({ version: 1, template: V1.template });
    expect((await call(versionRoute.GET, '/v', { params: params('0.9.0'), token: tokens.productionRead })).body).toMatchObject({ version: 1 });
    expect((await call(versionRoute.GET, '/v', { params: params('latest'), user: ANALYST })).body).toMatchObject({ version: 2 });
    expect(await call(versionRoute.GET, '/v', { params: params('production'), token: tokens.productionRead })).toMatchObject({ status: 404, body: { message: expect.stringContaining('labelled production') } });
    expect(await call(versionRoute.GET, '/v', { params: { name: 'nope', version: '1' }, user: ANALYST })).toMatchObject({ status: 404, body: { message: 'no prompt named nope' } });
    expect(await call(versionRoute.GET, '/v', { params: params('1'), token: tokens.stagingWrite })).toMatchObject({ status: 403 });
  });

  it('moves staging by PUT; production never moves through the API, only through a release', async () => {
    const label = (env: string) => ({ name: 'summarize-thread', env });
    expect(await call(labelRoute.PUT, '/l', { method: 'PUT', params: label('staging'), user: LEAD, body: { version: 2 } })).toMatchObject({ status: 200, body: { moved: true, to: 2 } });
    expect(await call(labelRoute.PUT, '/l', { method: 'PUT', params: label('staging'), user: ANALYST, body: { version: 1 } })).toMatchObject({ status: 403 });
    expect(await call(labelRoute.PUT, '/l', { method: 'PUT', params: label('staging'), token: tokens.productionWrite, body: { version: 1 } })).toMatchObject({ status: 403 });
    for (const who of [{ user: ADMIN }, { user: LEAD }, { token: tokens.stagingWrite }, { token: tokens.productionWrite }]) {
      expect(await call(labelRoute.PUT, '/l', { method: 'PUT', params: label('production'), body: { version: 1 }, ...who })).toMatchObject({ status: 403, body: { message: expect.stringContaining('release promotion') } });
    }
    const v1 = (await call(versionRoute.GET, '/v', { params: { name: 'summarize-thread', version: '1' }, user: ANALYST })).body.id as string;
    await db().$transaction((tx) => applyReleasePromptLabels(tx, 'production', [v1]));
    // What an MCP server fetches at start: its environment's label, with its own token.
    const production = await call(versionRoute.GET, '/v', { params: { name: 'summarize-thread', version: 'production' }, token: tokens.productionRead });
    expect(production).toMatchObject({ status: 200, body: { version: 1, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(await call(versionRoute.GET, '/v', { params: { name: 'summarize-thread', version: 'production' }, token: tokens.stagingRead })).toMatchObject({ status: 403 });
    expect((await call(versionRoute.GET, '/v', { params: { name: 'summarize-thread', version: 'staging' }, token: tokens.stagingRead })).body).toMatchObject({ version: 2 });
    // Tokens see their own environment's label; people see both.
    expect((await call(promptsRoute.GET, '/p', { token: tokens.stagingRead })).body.items[0].labels).toEqual({ staging: 2 });
    expect((await call(promptsRoute.GET, '/p', { token: tokens.productionRead })).body.items[0].labels).toEqual({ production: 1 });
    expect((await call(promptRoute.GET, '/p', { params: { name: 'summarize-thread' }, user: ANALYST })).body.labels).toEqual({ staging: 2, production: 1 });
  });

  it('no prompt route can edit or delete: versions routes export no PUT, PATCH or DELETE', () => {
    for (const route of [promptsRoute, promptRoute, versionsRoute, versionRoute]) {
      expect(Object.keys(route).filter((name) => ['PUT', 'PATCH', 'DELETE'].includes(name))).toEqual([]);
    }
    expect(Object.keys(labelRoute)).toEqual(['PUT']);
  });
});
