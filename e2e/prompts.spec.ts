import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/browser';
import { E2E_ENV_FILE, PERSONAS } from './support/personas';

const NAME = `e2e-triage-${Date.now().toString(36)}`;
// Long enough that unchanged regions fold.
const FILLER = Array.from({ length: 12 }, (_, i) => `Rule ${i + 1}: keep the reporter informed at every step.`);
const V1 = ['Triage {{key}} for the {{team}} team.', ...FILLER, 'Decide priority (P1-P4), component and owner.', 'Reply in the reporter\'s language.'].join('\n');
const V2 = V1.replace('Decide priority', 'Decide severity');
const V3 = V2.replace('reporter\'s language', 'reporter\'s own language');

/** The registry's deploy step, as a release promotion would run it (the only way production moves). */
function releaseToProduction(version: number) {
  const env = JSON.parse(readFileSync(path.resolve(E2E_ENV_FILE), 'utf8')) as Record<string, string>;
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'e2e/support/releasePromptVersion.ts', NAME, String(version)], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`release failed: ${result.stderr}`);
}

async function addVersion(page: Page, template: string, parameters: string, message: string) {
  // Filled before the form hydrated, the template was once kept only in part (a loaded CI machine).
  await page.waitForLoadState('networkidle');
  const form = page.getByTestId('add-version-form');
  await form.getByLabel('Template').fill(template);
  await form.getByLabel('Model parameters (JSON, optional)').fill(parameters);
  await form.getByLabel('What changed and why').fill(message);
  await form.getByRole('button', { name: /Register v\d+/ }).click();
}

test('a lead registers a prompt, adds two versions, reads the word diff and compares with production', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/prompts');
  await signIn(page, PERSONAS.lead);
  await page.waitForURL((url) => url.pathname === '/prompts');

  // zod's answer comes back next to the field.
  const create = page.getByTestId('create-prompt-form');
  await create.getByRole('button', { name: 'Register prompt (v1)' }).click();
  await expect(create.getByTestId('error-name')).toBeVisible();
  await expect(create.getByTestId('error-template')).toHaveText('write the template');

  await create.getByLabel('Name').fill(NAME);
  await create.getByLabel('Owner').fill('support');
  await create.getByLabel('Template').fill(V1);
  await create.getByLabel('Model parameters (JSON, optional)').fill('{"temperature": 0.2, "model": "claude-sonnet-4"}');
  await create.getByRole('button', { name: 'Register prompt (v1)' }).click();
  await page.waitForURL(`/prompts/${NAME}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME);
  await expect(page.getByTestId('version-row-1')).toBeVisible();
  await expect(page.getByTestId('compare-production-unavailable')).toBeVisible();

  // v2: one word and one parameter change. The action opens the diff of v1 → v2.
  await addVersion(page, V2, '{"temperature": 0.3, "model": "claude-sonnet-4"}', 'severity, not priority');
  await page.waitForURL(/\/diff\?from=1&to=2$/);
  const template = page.getByTestId('template-diff');
  await expect(template.locator('ins')).toHaveText(['severity']);
  await expect(template.locator('del')).toHaveText(['priority']);
  await expect(page.getByTestId('template-diff-summary')).toHaveText('1 changed line');
  const parameters = page.getByTestId('parameters-diff');
  await expect(parameters.locator('ins')).toHaveText(['3']);
  await expect(parameters.locator('del')).toHaveText(['2']);
  // Unchanged rules are folded; unfolding shows them.
  const rule1 = template.getByText('Rule 1: keep the reporter informed at every step.', { exact: true });
  await expect(template.getByText('Rule 12: keep the reporter informed at every step.', { exact: true }).first()).toBeVisible();
  await expect(rule1).toHaveCount(0);
  await template.getByTestId('unfold').first().click();
  await expect(rule1.first()).toBeVisible();

  // v3 from the prompt page, then v1 goes to production through a release.
  await page.goto(`/prompts/${NAME}`);
  await addVersion(page, V3, '{"temperature": 0.3, "model": "claude-sonnet-4"}', 'own language');
  await page.waitForURL(/\/diff\?from=2&to=3$/);
  await expect(page.getByTestId('template-diff').locator('ins')).toHaveText(['own ']);
  releaseToProduction(1);

  await page.goto(`/prompts/${NAME}?version=3`);
  await expect(page.getByTestId('version-row-1').getByTestId('label-production')).toBeVisible();
  await page.getByTestId('compare-production').click();
  await page.waitForURL(/\/diff\?from=1&to=3$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${NAME}: v1 → v3`);
  await expect(page.getByTestId('template-diff-old-label')).toHaveText('v1 · production');
  await expect(page.getByTestId('template-diff').locator('ins')).toHaveText(['severity', 'own ']);
  await expect(page.getByTestId('template-diff').locator('del')).toHaveText(['priority']);
  await page.screenshot({ path: '.test-output/prompt-diff-split.png', fullPage: true });

  // Unified layout, and the permalink shows the same diff in a fresh page.
  await page.getByTestId('layout-unified').click();
  await page.waitForURL(/view=unified/);
  await expect(page.getByTestId('template-diff')).toHaveAttribute('data-layout', 'unified');
  await expect(page.getByTestId('template-diff').locator('ins')).toHaveText(['severity', 'own ']);
  const permalink = page.url();
  const second = await page.context().newPage();
  await second.goto(permalink);
  await expect(second.getByTestId('template-diff').locator('del')).toHaveText(['priority']);
  // A link by label resolves to the version numbers it meant.
  await second.goto(`/prompts/${NAME}/diff?from=production&to=latest`);
  await second.waitForURL(/\/diff\?from=1&to=3$/);
  await second.close();
});

test('versions cannot be edited or deleted over HTTP, and analysts get no forms', async ({ page, request }) => {
  await page.goto('/prompts');
  await signIn(page, PERSONAS.admin);
  await page.waitForURL((url) => url.pathname === '/prompts');
  for (const method of ['PUT', 'PATCH', 'DELETE']) {
    const response = await page.request.fetch(`/api/v1/prompts/${NAME}/versions/1`, { method, data: { template: 'poisoned' } });
    expect(response.status(), method).toBe(405);
  }
  const label = await page.request.put(`/api/v1/prompts/${NAME}/labels/production`, { data: { version: 3 } });
  expect(label.status()).toBe(403);
  const version = await page.request.get(`/api/v1/prompts/${NAME}/versions/1`);
  expect((await version.json()).template).toBe(V1);
  expect((await request.get(`/api/v1/prompts/${NAME}/versions/1`)).status()).toBe(401);

  await page.context().clearCookies();
  await page.goto(`/prompts/${NAME}`);
  await signIn(page, PERSONAS.analyst);
  await page.waitForURL((url) => url.pathname === `/prompts/${NAME}`);
  await expect(page.getByTestId('version-list')).toBeVisible();
  await expect(page.getByTestId('add-version-form')).toHaveCount(0);
  await expect(page.getByTestId('label-staging-v2')).toHaveCount(0);
});
