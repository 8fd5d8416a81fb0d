import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/browser';
import { PERSONAS } from './support/personas';
import { wardenCli } from './support/wardenCli';

async function signInAt(page: Page, url: string, persona: (typeof PERSONAS)[keyof typeof PERSONAS]) {
  await page.goto(url);
  await signIn(page, persona);
  await page.waitForURL((current) => !current.pathname.startsWith('/login'));
}

test.beforeAll(() => {
  // Demo tool versions, suites and the three demo releases (idempotent: a rerun reuses them).
  wardenCli(['test', 'demo']);
});

test('a lead runs the suites of a release from the console: failures show their evidence, the fixed release passes', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInAt(page, '/suites', PERSONAS.lead);
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Suites' })).toHaveAttribute('aria-current', 'page');
  const malformed = page.locator('tr[data-release="demo-2025.11-malformed-output"]');
  await expect(malformed.locator('[data-outcome]').first()).toHaveText('no suite run yet');

  await malformed.getByRole('button', { name: 'Run suites for demo-2025.11-malformed-output' }).click();
  await page.waitForURL(/\/suites\/runs\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  await expect(page.getByTestId('run-status')).toContainText('failed');
  const failing = page.locator('tr[data-case="select returns rows in the declared shape"]');
  await expect(failing).toHaveAttribute('data-outcome', 'failed');
  await expect(failing).toContainText('output does not match the output schema');
  await expect(failing.getByRole('link', { name: /Likely cause: run_query 0\.7\.0/ })).toBeVisible();
  await expect(page.getByTestId('release-gate')).toContainText('1 regression case failed');

  // The evidence link opens the very execution the case made, on the staging ledger.
  await failing.getByRole('link', { name: /^Execution staging\/\d+$/ }).click();
  await page.waitForURL(/\/executions\/staging\/\d+$/);
  await expect(page.getByText('run_query', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('0.7.0', { exact: true }).first()).toBeVisible();

  // JUnit export of the run, as CI downloads it.
  await page.goBack();
  const junit = await page.request.get(page.url().replace(/\/suites\/runs\//, '/api/v1/suites/runs/') + '/junit');
  expect(junit.status()).toBe(200);
  expect(await junit.text()).toContain('<failure message="output does not match the output schema');

  await page.goto('/suites');
  const injection = page.locator('tr[data-release="demo-2025.11-follows-injection"]');
  await injection.getByRole('button', { name: 'Run suites for demo-2025.11-follows-injection' }).click();
  await page.waitForURL(/\/suites\/runs\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  const attack = page.locator('tr[data-case="attack:indirect_injection_fetch"]');
  await expect(attack).toHaveAttribute('data-outcome', 'failed');
  await expect(attack).toContainText('attack succeeded');
  await expect(attack).toContainText('forbidden side effect email → vendor-helpdesk.example.net');

  await page.goto('/suites');
  await page.locator('tr[data-release="demo-2025.11-fixed"]').getByRole('button', { name: 'Run suites for demo-2025.11-fixed' }).click();
  await page.waitForURL(/\/suites\/runs\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  await expect(page.getByTestId('run-status')).toContainText('passed');
  await expect(page.getByTestId('release-gate')).toContainText('All');

  // The matrix shows the three releases side by side; an analyst sees it but gets no Run button.
  const analyst = await browser.newPage();
  await signInAt(analyst, '/suites', PERSONAS.analyst);
  const matrix = analyst.getByTestId('suite-matrix');
  await expect(matrix.locator('tr[data-case="run_query › select returns rows in the declared shape"] [data-outcome]')).toHaveText(['FAIL', 'pass', 'pass']);
  await expect(matrix.locator('tr[data-case="fetch_url › attack:indirect_injection_fetch"] [data-outcome]')).toHaveText(['pass', 'FAIL', 'pass']);
  await expect(analyst.getByRole('button', { name: /^Run suites/ })).toHaveCount(0);
  await analyst.close();
});
