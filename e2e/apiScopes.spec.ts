import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { SCOPES, type Scope } from '../lib/tokens/scopes';
import { discoverAppRoutes } from './support/appRoutes';
import { createApiTokens, type TokenSpec } from './support/apiTokens';
import { E2E_BASE_URL } from './support/personas';

/**
 * The API surface, walked with tokens of every scope and both environments. Every route under
 * app/api/v1 must be listed here with the scope it needs (`session`: only a signed-in browser
 * session, never a token), so a new route cannot ship without a decision — and a route whose
 * guard does not match its entry fails below.
 */
type Sample = { path: string; method?: string; json?: unknown; ndjson?: string };
interface Expected {
  scope: Scope | 'session';
  /** A request that passes authentication and authorisation with a staging token holding `scope`. */
  staging: Sample;
  /** The same against production data: a staging token must get 403, a production token must not (unless promotionOnly). */
  production?: Sample;
  /** Production changes only through an approved promotion in the console: every token gets 403 there. */
  promotionOnly?: boolean;
}

const record = (environment?: string) => JSON.stringify({ timestamp: new Date().toISOString(), method: 'tools/call', tool_name: 'api_scope_walk', ...(environment ? { environment } : {}) }) + '\n';

const API: Record<string, Expected> = {
  'POST /api/v1/ingest': { scope: 'ingest:write', staging: { path: '/api/v1/ingest', ndjson: record() } },
  'POST /api/v1/otlp/v1/logs': { scope: 'ingest:write', staging: { path: '/api/v1/otlp/v1/logs', json: { resourceLogs: [] } } },
  'GET /api/v1/executions': { scope: 'executions:read', staging: { path: '/api/v1/executions?env=staging&limit=1' }, production: { path: '/api/v1/executions?env=production&limit=1' } },
  'GET /api/v1/executions/[env]/[seq]': { scope: 'executions:read', staging: { path: '/api/v1/executions/staging/0' }, production: { path: '/api/v1/executions/production/0' } },
  'GET /api/v1/executions/export': {
    scope: 'executions:read', staging: { path: '/api/v1/executions/export?env=staging&format=csv&tool=none' }, production: { path: '/api/v1/executions/export?env=production&format=csv&tool=none' },
  },
  'GET /api/v1/ledger/[env]/checkpoint': { scope: 'ledger:read', staging: { path: '/api/v1/ledger/staging/checkpoint' }, production: { path: '/api/v1/ledger/production/checkpoint' } },
  'GET /api/v1/ledger/[env]/entries': { scope: 'ledger:read', staging: { path: '/api/v1/ledger/staging/entries?start=0&end=1' }, production: { path: '/api/v1/ledger/production/entries?start=0&end=1' } },
  'GET /api/v1/ledger/[env]/proof/consistency': {
    scope: 'ledger:read', staging: { path: '/api/v1/ledger/staging/proof/consistency?from=1&to=1' }, production: { path: '/api/v1/ledger/production/proof/consistency?from=1&to=1' },
  },
  'GET /api/v1/ledger/[env]/proof/inclusion': {
    scope: 'ledger:read', staging: { path: '/api/v1/ledger/staging/proof/inclusion?seq=0&size=1' }, production: { path: '/api/v1/ledger/production/proof/inclusion?seq=0&size=1' },
  },
  'GET /api/v1/ledger/keys': { scope: 'ledger:read', staging: { path: '/api/v1/ledger/keys' } },
  'GET /api/v1/ledger/[env]/verify': { scope: 'session', staging: { path: '/api/v1/ledger/staging/verify' } },
  'POST /api/v1/ledger/[env]/verify': { scope: 'session', staging: { path: '/api/v1/ledger/staging/verify', json: {} } },
  'GET /api/v1/prompts': { scope: 'prompts:read', staging: { path: '/api/v1/prompts' } },
  'POST /api/v1/prompts': { scope: 'prompts:write', staging: { path: '/api/v1/prompts', json: {} } },
  'GET /api/v1/prompts/[name]': { scope: 'prompts:read', staging: { path: '/api/v1/prompts/api-scope-walk' } },
  'POST /api/v1/prompts/[name]/versions': { scope: 'prompts:write', staging: { path: '/api/v1/prompts/api-scope-walk/versions', json: {} } },
  'GET /api/v1/prompts/[name]/versions/[version]': { scope: 'prompts:read', staging: { path: '/api/v1/prompts/api-scope-walk/versions/1' } },
  'PUT /api/v1/prompts/[name]/labels/[env]': {
    scope: 'prompts:write', staging: { path: '/api/v1/prompts/api-scope-walk/labels/staging', json: {} }, production: { path: '/api/v1/prompts/api-scope-walk/labels/production', json: {} }, promotionOnly: true,
  },
  'GET /api/v1/registry/tools': { scope: 'registry:read', staging: { path: '/api/v1/registry/tools' } },
  'POST /api/v1/registry/tools': { scope: 'registry:write', staging: { path: '/api/v1/registry/tools', json: {} } },
  'POST /api/v1/registry/model-configs': { scope: 'registry:write', staging: { path: '/api/v1/registry/model-configs', json: {} } },
  'POST /api/v1/registry/releases': { scope: 'registry:write', staging: { path: '/api/v1/registry/releases', json: {} } },
  'GET /api/v1/registry/releases/[id]': { scope: 'registry:read', staging: { path: '/api/v1/registry/releases/00000000-0000-4000-8000-000000000000' } },
  'POST /api/v1/registry/releases/[id]/deploy': {
    scope: 'registry:write',
    staging: { path: '/api/v1/registry/releases/00000000-0000-4000-8000-000000000000/deploy', json: { environment: 'staging' } },
    production: { path: '/api/v1/registry/releases/00000000-0000-4000-8000-000000000000/deploy', json: { environment: 'production' } }, promotionOnly: true,
  },
  'GET /api/v1/releases/active': { scope: 'registry:read', staging: { path: '/api/v1/releases/active?env=staging' }, production: { path: '/api/v1/releases/active?env=production' } },
  'POST /api/v1/registry/promotions/[[...path]]': { scope: 'session', staging: { path: '/api/v1/registry/promotions', json: {} } },
  'POST /api/v1/registry/environments/[...path]': { scope: 'session', staging: { path: '/api/v1/registry/environments/staging/rollback', json: {} } },
  'GET /api/v1/suites/runs/[id]/junit': { scope: 'tests:run', staging: { path: '/api/v1/suites/runs/00000000-0000-4000-8000-000000000000/junit' } },
};

const routes = discoverAppRoutes().filter((route) => route.kind === 'api' && route.pattern.startsWith('/api/v1/'));
let tokens: Record<string, string>;
let api: APIRequestContext;

// Per environment: one token per scope holding only it, one holding every scope but it, one holding all.
const only = (scope: string, env: string) => `${env}:only:${scope}`;
const allBut = (scope: string, env: string) => `${env}:all-but:${scope}`;
const all = (env: string) => `${env}:all`;

function send(sample: Sample, token: string | null): Promise<APIResponse> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const method = sample.method ?? (sample.json !== undefined || sample.ndjson !== undefined ? 'POST' : 'GET');
  if (sample.ndjson !== undefined) return api.fetch(sample.path, { method, headers: { ...headers, 'content-type': 'application/x-ndjson' }, data: sample.ndjson, maxRedirects: 0 });
  if (sample.json !== undefined) return api.fetch(sample.path, { method, headers: { ...headers, 'content-type': 'application/json' }, data: JSON.stringify(sample.json), maxRedirects: 0 });
  return api.fetch(sample.path, { method, headers, maxRedirects: 0 });
}

const methodOf = (key: string) => key.split(' ')[0]!;
const withMethod = (key: string, sample: Sample): Sample => ({ ...sample, method: methodOf(key) });

test.describe('API surface: scopes and environments', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const specs: TokenSpec[] = [];
    for (const environment of ['staging', 'production'] as const) {
      specs.push({ key: all(environment), environment, scopes: [...SCOPES] });
      for (const scope of SCOPES) {
        specs.push({ key: only(scope, environment), environment, scopes: [scope] });
        specs.push({ key: allBut(scope, environment), environment, scopes: SCOPES.filter((other) => other !== scope) });
      }
    }
    tokens = createApiTokens(specs);
    api = await request.newContext({ baseURL: E2E_BASE_URL });
  });
  test.afterAll(async () => api?.dispose());

  test('every route under app/api/v1 has an expected scope, and its guard declares that scope', () => {
    const found = routes.map((route) => route.key).sort();
    expect(found.filter((key) => !API[key]), 'routes missing from the table').toEqual([]);
    expect(Object.keys(API).filter((key) => !found.includes(key)), 'table entries without a route').toEqual([]);
    for (const route of routes) {
      const file = path.join('app', ...route.pattern.split('/').filter(Boolean), 'route.ts');
      const source = readFileSync(file, 'utf8');
      const declared = [...source.matchAll(new RegExp(`export const ${route.method}\\s*=[^;]*?withRoleOrToken[^(]*\\(\\s*'\\w+',\\s*'([a-z:]+)'`, 'gs'))].map((m) => m[1]);
      const expected = API[route.key]!.scope;
      if (expected === 'session') expect(declared, `${route.key} must not accept tokens`).toEqual([]);
      else if (declared.length > 0) expect(declared, route.key).toEqual([expected]);
    }
  });

  for (const route of routes) {
    const expected = API[route.key];
    if (!expected) continue;
    test(`${route.key} — ${expected.scope}`, async () => {
      const sample = withMethod(route.key, expected.staging);
      expect((await send(sample, null)).status(), 'no credentials').toBe(401);
      if (expected.scope === 'session') {
        for (const env of ['staging', 'production']) {
          const response = await send(sample, tokens[all(env)]!);
          expect([401, 403], `${env} token with every scope`).toContain(response.status());
        }
        return;
      }
      for (const env of ['staging', 'production'] as const) {
        const refused = await send(sample, tokens[allBut(expected.scope, env)]!);
        expect(refused.status(), `${env} token with every scope but ${expected.scope}`).toBe(403);
        expect((await refused.json()).reason ?? (await refused.json()).error).toMatch(/insufficient_scope|lacks the/);
      }
      const allowed = await send(sample, tokens[only(expected.scope, 'staging')]!);
      expect([401, 403], `staging token with only ${expected.scope}: ${await allowed.text()}`).not.toContain(allowed.status());
      if (expected.production) {
        const production = withMethod(route.key, expected.production);
        const crossing = await send(production, tokens[only(expected.scope, 'staging')]!);
        expect(crossing.status(), `staging ${expected.scope} token on production data`).toBe(403);
        const everything = await send(production, tokens[all('staging')]!);
        expect(everything.status(), 'staging token with every scope on production data').toBe(403);
        const own = await send(production, tokens[only(expected.scope, 'production')]!);
        if (expected.promotionOnly) expect(own.status(), `production ${expected.scope} token: production changes only by promotion`).toBe(403);
        else expect([401, 403], `production ${expected.scope} token on production data: ${await own.text()}`).not.toContain(own.status());
      }
    });
  }

  test('a staging token cannot ingest production records: they are quarantined, never stored in production', async () => {
    for (const sample of [{ path: '/api/v1/ingest', ndjson: record('production') }]) {
      const response = await send(sample, tokens[only('ingest:write', 'staging')]!);
      expect(response.status()).toBe(200);
      expect(await response.json()).toMatchObject({ accepted: 0, quarantined: 1, errors: [{ reason: "environment production differs from the token's (staging)" }] });
    }
    const production = await send({ path: '/api/v1/executions?env=production&tool=api_scope_walk' }, tokens[only('executions:read', 'production')]!);
    expect(production.status()).toBe(200);
    expect((await production.json()).items).toEqual([]);
    const staging = await send({ path: '/api/v1/executions?env=staging&tool=api_scope_walk' }, tokens[only('executions:read', 'staging')]!);
    expect((await staging.json()).items.length).toBeGreaterThan(0);
  });
});
