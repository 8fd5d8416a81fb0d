import { expect, request as playwrightRequest, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './support/browser';
import { E2E_BASE_URL, PERSONAS, type Persona } from './support/personas';
import { wardenCli } from './support/wardenCli';

// Names unique per run: Playwright re-runs a failed test in a fresh worker against the same server.
const RUN = Date.now().toString(36);
const TOOL = `e2e_read_${RUN}`;
const R1 = `e2e-${RUN}-1`;
const R2 = `e2e-${RUN}-2`;

const manifest = (version: string, required: string[], description = 'Read a file from the workspace') => JSON.stringify({
  name: TOOL, version, owner: 'team-e2e', description,
  inputSchema: { type: 'object', properties: { path: { type: 'string' }, encoding: { type: 'string', enum: ['utf-8', 'latin1'] } }, required },
});

async function signedInPage(browser: Browser, persona: Persona, url: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: E2E_BASE_URL })).newPage();
  await page.goto(url);
  await signIn(page, persona);
  await page.waitForURL((current) => !current.pathname.startsWith('/login'));
  return page;
}

async function registerTool(page: Page, text: string) {
  await page.getByLabel(/^Manifest/).fill(text);
  await page.getByRole('button', { name: 'Register tool version' }).click();
}

async function createRelease(page: Page, name: string, toolVersion: string): Promise<string> {
  await page.goto('/registry');
  const form = page.getByRole('form', { name: 'Create a release' });
  await form.getByLabel('Release name').fill(name);
  await form.getByLabel('Release notes').fill(`e2e release ${name}`);
  await form.getByLabel(TOOL, { exact: true }).selectOption({ label: `${TOOL}@${toolVersion}` });
  await form.getByRole('button', { name: 'Create release' }).click();
  await page.waitForURL(/\/registry\/releases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Release ${name}`);
  const id = page.url().split('/').pop()!;
  await page.getByRole('button', { name: 'Deploy to staging' }).click();
  await expect(page.getByText('Live in staging: suites run')).toBeVisible();
  return id;
}

async function requestPromotion(page: Page, releaseId: string, reason: string): Promise<string> {
  await page.goto(`/registry/releases/${releaseId}`);
  await page.getByLabel('Why should this go to production?').fill(reason);
  await page.getByRole('button', { name: 'Request promotion to production' }).click();
  await page.waitForURL(/\/registry\/promotions\/[0-9a-f-]{36}$/);
  return page.url();
}

test('tool versions, a release, a gated promotion approved by a second lead, and a one-click rollback — all in the ledger', async ({ browser }) => {
  test.setTimeout(180_000);

  // ── An admin registers tool versions; a breaking change as a minor is refused with the reason. ──
  const admin = await signedInPage(browser, PERSONAS.admin, '/registry');
  await registerTool(admin, manifest('1.0.0', ['path']));
  await expect(admin.getByRole('status')).toHaveText(`Registered ${TOOL}@1.0.0`);
  await registerTool(admin, manifest('1.1.0', ['path', 'encoding']));
  await expect(admin.getByTestId('error-manifest')).toContainText(`${TOOL} 1.1.0 is a minor step from 1.0.0, but it makes 1 breaking change that needs a major version (at least 2.0.0): field \`encoding\` became required [required_added]`);
  await registerTool(admin, manifest('2.0.0', ['path', 'encoding']));
  await expect(admin.getByRole('status')).toHaveText(`Registered ${TOOL}@2.0.0`);
  await expect(admin.getByTestId('tools')).toContainText(TOOL);

  // ── …and bundles two releases, each deployed to staging. ──
  const r1 = await createRelease(admin, R1, '1.0.0');
  const r2 = await createRelease(admin, R2, '2.0.0');

  // ── Production's first release: requested by one lead, approved by another. ──
  const lead = await signedInPage(browser, PERSONAS.lead, '/registry');
  const lead2 = await signedInPage(browser, PERSONAS.lead2, '/registry');
  const firstUrl = await requestPromotion(lead, r1, 'first production release');
  await lead2.goto(firstUrl);
  await lead2.getByRole('button', { name: 'Approve' }).click();
  await expect(lead2.getByTestId('status').first()).toHaveText('deployed');

  // ── A lead requests promotion of R2; the page shows gates and what changes against production. ──
  const promotionUrl = await requestPromotion(lead, r2, 'read_file 2.0 requires an encoding');
  await expect(lead.getByTestId('status').first()).toHaveText('requested');
  await expect(lead.getByTestId('gate-soak')).toHaveAttribute('data-passed', 'true');
  await expect(lead.getByTestId('gate-alerts')).toHaveAttribute('data-passed', 'true');
  await expect(lead.getByTestId('gate-suite')).toHaveAttribute('data-passed', 'false');
  await expect(lead.getByTestId('gate-suite')).toContainText('No suite run yet');
  const toolChange = lead.getByTestId(`change-tool-${TOOL}`);
  await expect(toolChange).toHaveAttribute('data-change', 'changed');
  await expect(toolChange).toContainText('1.0.0 → 2.0.0');
  await expect(toolChange).toContainText('breaking field `encoding` became required');
  await expect(toolChange.getByRole('figure')).toContainText('− 1.0.0 · + 2.0.0');
  await expect(toolChange.getByRole('figure').locator('.bg-emerald-200').first()).toBeVisible();

  // ── The requester cannot approve: no button… ──
  await expect(lead.getByTestId('requester-note')).toHaveText('You requested this promotion: another lead or admin must approve it.');
  await expect(lead.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // …and a forged request is refused. The approve request is taken from the second lead's page (the
  // server action id is no secret) and stopped before it leaves, then replayed with the requester's session.
  let captured: { headers: Record<string, string>; body: Buffer } | null = null;
  await lead2.route('**/registry/promotions/**', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    captured = { headers: await route.request().allHeaders(), body: route.request().postDataBuffer()! };
    await route.abort();
  });
  await lead2.goto(promotionUrl);
  await lead2.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(() => captured !== null).toBe(true);
  await lead2.unroute('**/registry/promotions/**');
  const forgedHeaders = { 'next-action': captured!.headers['next-action']!, 'content-type': captured!.headers['content-type']!, accept: 'text/x-component' };
  expect(forgedHeaders['next-action']).toMatch(/^[0-9a-f]{40,}$/);
  const forged = await lead.request.post(promotionUrl, { headers: forgedHeaders, data: captured!.body });
  expect(await forged.text()).toContain('you requested this promotion: another lead or admin must decide on it');

  // An API token with every scope, sent to the same server action, gets the sign-in redirect and changes nothing.
  const allScopes = wardenCli(['token', 'create', '--name', `e2e registry ${RUN}`, '--env', 'production', '--scopes',
    'ingest:write,executions:read,ledger:read,prompts:read,prompts:write,registry:read,registry:write,tests:run']).trim().split('\n').pop()!;
  const tokenOnly = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  const viaToken = await tokenOnly.post(promotionUrl, { headers: { ...forgedHeaders, authorization: `Bearer ${allScopes}` }, data: captured!.body, maxRedirects: 0 });
  expect([303, 307, 401, 403]).toContain(viaToken.status());
  const viaApi = await tokenOnly.post(`${promotionUrl.replace('/registry/promotions/', '/api/v1/registry/promotions/')}/approve`, { headers: { authorization: `Bearer ${allScopes}` }, data: {} });
  expect(viaApi.status()).toBe(403);
  expect((await viaApi.json()).message).toContain('never with an API token');
  await tokenOnly.dispose();
  await lead.reload();
  await expect(lead.getByTestId('approval-count')).toContainText('Approvals: 0 of 1');
  await expect(lead.getByTestId('status').first()).toHaveText('requested');

  // ── A second lead approves: production's active release changes. ──
  await lead2.goto(promotionUrl);
  await lead2.getByRole('button', { name: 'Approve' }).click();
  await expect(lead2.getByTestId('status').first()).toHaveText('deployed');
  await lead.goto('/registry');
  await expect(lead.getByTestId('active-production')).toHaveText(R2);

  // ── One click (and one confirmation) rolls back. ──
  await lead.goto('/registry/environments/production');
  await expect(lead.getByTestId('live-release')).toHaveText(R2);
  await lead.getByRole('button', { name: `Roll back to ${R1}` }).click();
  await lead.getByLabel('Reason').fill('error rate doubled after 2.0');
  await lead.getByRole('button', { name: 'Confirm rollback' }).click();
  await expect(lead.getByTestId('live-release')).toHaveText(R1);
  await expect(lead.getByTestId('history').locator('tbody tr').first()).toContainText('rollback');
  await expect(lead.getByTestId('history').locator('tbody tr').first()).toContainText('error rate doubled after 2.0');

  // ── The ledger's console log has all of it, in order, with the actors. ──
  await admin.goto(promotionUrl);
  await expect(admin.getByTestId('promotion-ledger')).toContainText('release.promotion_requested by lead@e2e.test');
  await expect(admin.getByTestId('promotion-ledger')).toContainText('release.promotion_approved by lead2@e2e.test');
  const entries: Array<{ action: string; actor: string; target?: string; details?: Record<string, unknown> }> = [];
  for (let start = 0; ; start += 1000) {
    const response = await admin.request.get(`/api/v1/ledger/console/entries?start=${start}&end=${start + 1000}`);
    if (!response.ok()) break;
    const lines = (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(JSON.parse(line).data));
    entries.push(...lines);
    if (lines.length < 1000) break;
  }
  const mine = entries.filter((entry) => String(entry.target ?? '').includes(TOOL) || [r1, r2].some((id) => JSON.stringify(entry).includes(id)));
  const trail = mine.map((entry) => `${entry.action} ${entry.actor}`);
  expect(trail).toEqual([
    `tool.registered ${PERSONAS.admin.email}`,
    `tool.version_registered ${PERSONAS.admin.email}`,
    `tool.version_registered ${PERSONAS.admin.email}`,
    `release.created ${PERSONAS.admin.email}`, `release.deployed ${PERSONAS.admin.email}`,
    `release.created ${PERSONAS.admin.email}`, `release.deployed ${PERSONAS.admin.email}`,
    `release.promotion_requested ${PERSONAS.lead.email}`, `release.promotion_approved ${PERSONAS.lead2.email}`, `release.promoted ${PERSONAS.lead2.email}`,
    `release.promotion_requested ${PERSONAS.lead.email}`, `release.promotion_approved ${PERSONAS.lead2.email}`, `release.promoted ${PERSONAS.lead2.email}`,
    `release.rolled_back ${PERSONAS.lead.email}`,
  ]);
  expect(mine.at(-1)!.details).toMatchObject({ environment: 'production', reason: 'error rate doubled after 2.0', release_name: R1, from_release_name: R2 });
});
