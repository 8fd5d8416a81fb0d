import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { hasRole, type Role } from '../lib/auth/roles';
import { discoverAppRoutes, type AppRoute } from './support/appRoutes';
import { PERSONAS } from './support/personas';
import { signedInContext, signedOutContext } from './support/session';
import { wardenCli } from './support/wardenCli';

/** `token`: authenticated by an API token only; a browser session must not grant access. */
type Access = 'public' | 'token' | Role;

/**
 * Who may reach each page and route handler. Every route found under app/ must be listed here,
 * so a new route cannot ship without a decision — and without its guard, it fails below.
 */
const ACCESS: Record<string, Access> = {
  'page /': 'analyst',
  'page /login': 'public',
  'page /executions': 'analyst',
  'page /executions/[env]/[seq]': 'analyst',
  'page /executions/sessions/[env]/[sessionId]': 'analyst',
  'page /cases': 'analyst',
  'page /cases/[id]': 'analyst',
  'page /anomalies': 'analyst',
  'page /anomalies/alerts': 'analyst',
  'page /anomalies/alerts/[id]': 'analyst',
  'page /prompts': 'analyst',
  'page /prompts/[name]': 'analyst',
  'page /prompts/[name]/diff': 'analyst',
  'GET /api/v1/prompts': 'analyst',
  'POST /api/v1/prompts': 'lead',
  'GET /api/v1/prompts/[name]': 'analyst',
  'POST /api/v1/prompts/[name]/versions': 'lead',
  'GET /api/v1/prompts/[name]/versions/[version]': 'analyst',
  'PUT /api/v1/prompts/[name]/labels/[env]': 'lead',
  'page /registry': 'analyst',
  'page /registry/tools/[name]': 'analyst',
  'page /registry/releases/[id]': 'analyst',
  'page /registry/environments/[env]': 'analyst',
  'page /registry/promotions/[id]': 'analyst',
  'GET /api/v1/releases/active': 'analyst',
  'GET /api/v1/registry/tools': 'analyst',
  'POST /api/v1/registry/tools': 'lead',
  'POST /api/v1/registry/model-configs': 'lead',
  'POST /api/v1/registry/releases': 'lead',
  'GET /api/v1/registry/releases/[id]': 'analyst',
  'POST /api/v1/registry/releases/[id]/deploy': 'lead',
  'POST /api/v1/registry/promotions/[[...path]]': 'lead',
  'POST /api/v1/registry/environments/[...path]': 'lead',
  'page /suites': 'analyst',
  'page /suites/runs/[id]': 'analyst',
  'GET /api/v1/suites/runs/[id]/junit': 'analyst',
  'page /ledger': 'analyst',
  'page /admin': 'admin',
  'page /admin/tokens': 'admin',
  'page /admin/policies': 'admin',
  'page /admin/policies/[agentId]': 'admin',
  'page /admin/audit': 'admin',
  'GET /api/auth/[...nextauth]': 'public',
  'POST /api/auth/[...nextauth]': 'public',
  'GET /api/health': 'public',
  'POST /api/environment': 'analyst',
  'GET /api/v1/ledger/[env]/checkpoint': 'analyst',
  'GET /api/v1/ledger/[env]/entries': 'analyst',
  'GET /api/v1/ledger/[env]/proof/consistency': 'analyst',
  'GET /api/v1/ledger/[env]/proof/inclusion': 'analyst',
  'GET /api/v1/ledger/keys': 'analyst',
  'GET /api/v1/ledger/[env]/verify': 'analyst',
  'POST /api/v1/ledger/[env]/verify': 'analyst',
  'GET /api/v1/executions': 'analyst',
  'GET /api/v1/executions/[env]/[seq]': 'analyst',
  'GET /api/v1/executions/export': 'analyst',
  'POST /api/v1/ingest': 'token',
  'POST /api/v1/otlp/v1/logs': 'token',
};

/** A concrete request for each route: dynamic segments filled in, a valid body where one is needed. */
const SAMPLES: Record<string, { path?: string; form?: Record<string, string> }> = {
  'GET /api/auth/[...nextauth]': { path: '/api/auth/providers' },
  'POST /api/auth/[...nextauth]': { path: '/api/auth/_log', form: {} },
  'POST /api/environment': { form: { environment: 'staging', returnTo: '/executions' } },
  'GET /api/v1/ledger/[env]/checkpoint': { path: '/api/v1/ledger/staging/checkpoint' },
  'GET /api/v1/ledger/[env]/verify': { path: '/api/v1/ledger/production/verify' },
  'POST /api/v1/ledger/[env]/verify': { path: '/api/v1/ledger/production/verify', form: {} },
  'GET /api/v1/ledger/[env]/entries': { path: '/api/v1/ledger/staging/entries?start=0&end=10' },
  'GET /api/v1/ledger/[env]/proof/consistency': { path: '/api/v1/ledger/staging/proof/consistency?from=1&to=1' },
  'GET /api/v1/ledger/[env]/proof/inclusion': { path: '/api/v1/ledger/staging/proof/inclusion?seq=0&size=1' },
  // A seq that is no execution redirects to the search, an unknown case to the list (both 307 after the guard).
  'page /executions/[env]/[seq]': { path: '/executions/staging/0' },
  'page /executions/sessions/[env]/[sessionId]': { path: '/executions/sessions/staging/role-matrix-session' },
  'page /cases/[id]': { path: '/cases/00000000-0000-4000-8000-000000000000' },
  // An unknown alert redirects to the alert list (307) after the guard.
  'page /anomalies/alerts/[id]': { path: '/anomalies/alerts/00000000-0000-4000-8000-000000000000' },
  // An agent without a policy: the page redirects to the policy list (307) after the guard.
  'page /admin/policies/[agentId]': { path: '/admin/policies/role-matrix-agent' },
  // Unknown suite run: the page redirects to /suites (307), the JUnit export answers 404, both after the guard.
  'page /suites/runs/[id]': { path: '/suites/runs/00000000-0000-4000-8000-000000000000' },
  'GET /api/v1/suites/runs/[id]/junit': { path: '/api/v1/suites/runs/00000000-0000-4000-8000-000000000000/junit' },
  'GET /api/v1/executions': { path: '/api/v1/executions?env=staging&limit=1' },
  // Registry: unknown ids answer 404 (pages), JSON writes get 415 for form bodies, all after the guard.
  'page /registry/tools/[name]': { path: '/registry/tools/role-matrix-tool' },
  'page /registry/releases/[id]': { path: '/registry/releases/00000000-0000-4000-8000-000000000000' },
  'page /registry/environments/[env]': { path: '/registry/environments/production' },
  'page /registry/promotions/[id]': { path: '/registry/promotions/00000000-0000-4000-8000-000000000000' },
  'GET /api/v1/releases/active': { path: '/api/v1/releases/active?env=staging' },
  'GET /api/v1/registry/releases/[id]': { path: '/api/v1/registry/releases/00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/registry/releases/[id]/deploy': { path: '/api/v1/registry/releases/00000000-0000-4000-8000-000000000000/deploy', form: {} },
  'POST /api/v1/registry/promotions/[[...path]]': { path: '/api/v1/registry/promotions/00000000-0000-4000-8000-000000000000/approve', form: {} },
  'POST /api/v1/registry/environments/[...path]': { path: '/api/v1/registry/environments/production/rollback', form: {} },
  'GET /api/v1/executions/[env]/[seq]': { path: '/api/v1/executions/staging/0' },
  'GET /api/v1/executions/export': { path: '/api/v1/executions/export?env=staging&format=csv&tool=role-matrix' },
  // Unknown prompts: pages redirect to the list (307), the API answers 404 or 415 (form bodies) after the guard.
  'page /prompts/[name]': { path: '/prompts/role-matrix-prompt' },
  'page /prompts/[name]/diff': { path: '/prompts/role-matrix-prompt/diff?from=1&to=2' },
  'GET /api/v1/prompts/[name]': { path: '/api/v1/prompts/role-matrix-prompt' },
  'POST /api/v1/prompts/[name]/versions': { path: '/api/v1/prompts/role-matrix-prompt/versions', form: {} },
  'GET /api/v1/prompts/[name]/versions/[version]': { path: '/api/v1/prompts/role-matrix-prompt/versions/production' },
  'PUT /api/v1/prompts/[name]/labels/[env]': { path: '/api/v1/prompts/role-matrix-prompt/labels/staging', form: {} },
};

const routes = discoverAppRoutes();
const contexts = new Map<string, APIRequestContext>();

function send(context: APIRequestContext, route: AppRoute): Promise<APIResponse> {
  const sample = SAMPLES[route.key] ?? {};
  const url = sample.path ?? route.pattern;
  return route.method === 'GET'
    ? context.get(url, { maxRedirects: 0 })
    : context.fetch(url, { method: route.method, form: sample.form ?? {}, maxRedirects: 0 });
}

function expectSignedOutRefusal(route: AppRoute, response: APIResponse, label: string) {
  if (route.kind === 'page') {
    expect(response.status(), label).toBe(307);
    expect(new URL(response.headers().location ?? '/', 'http://x').pathname, label).toBe('/login');
  } else {
    expect(response.status(), label).toBe(401);
  }
}

test.describe('role matrix', () => {
  test.beforeAll(async () => {
    // Playwright re-runs beforeAll in a fresh worker after a failure: start from an active account.
    wardenCli(['user', 'activate', '--email', PERSONAS.ended.email]);
    contexts.set('signed-out', await signedOutContext());
    for (const name of ['analyst', 'lead', 'admin', 'ended'] as const) contexts.set(name, await signedInContext(PERSONAS[name]));
    // The `ended` admin keeps a validly signed session cookie, but the account is deactivated:
    // proxy.ts lets the request through, so only each route's own guard can refuse it.
    wardenCli(['user', 'deactivate', '--email', PERSONAS.ended.email]);
  });
  test.afterAll(async () => {
    for (const context of contexts.values()) await context.dispose();
  });

  test('every route under app/ has an access rule, and every rule a route', () => {
    const keys = routes.map((route) => route.key);
    expect(keys.filter((key) => !(key in ACCESS)), 'routes without an access rule').toEqual([]);
    expect(Object.keys(ACCESS).filter((key) => !keys.includes(key)), 'rules for routes that no longer exist').toEqual([]);
    expect(keys.length).toBeGreaterThanOrEqual(12);
  });

  for (const route of routes) {
    test(`${route.key}`, async () => {
      const access = ACCESS[route.key];
      expect(access, `no access rule for ${route.key}`).toBeDefined();
      for (const [persona, context] of contexts) {
        const response = await send(context, route);
        const status = response.status();
        const label = `${route.key} as ${persona} → ${status}`;
        expect(status, label).toBeLessThan(500);
        if (access === 'public') {
          expect([401, 403], label).not.toContain(status);
          continue;
        }
        if (access === 'token') {
          expect(status, label).toBe(401);
          expect((await response.json()).error, label).toMatch(/bearer token/);
          continue;
        }
        if (persona === 'signed-out' || persona === 'ended') {
          expectSignedOutRefusal(route, response, label);
          continue;
        }
        const role: Role = PERSONAS[persona as 'analyst' | 'lead' | 'admin'].role;
        if (!hasRole(role, access!)) {
          expect(status, label).toBe(403);
        } else if (route.kind === 'page') {
          expect([200, 307], label).toContain(status);
          if (status === 307) expect(response.headers().location, label).not.toContain('/login');
        } else {
          expect([401, 403], label).not.toContain(status);
        }
      }
    });
  }
});
