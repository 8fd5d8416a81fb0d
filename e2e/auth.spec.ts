import { expect, test, type Page } from '@playwright/test';
import { GENERIC_SIGN_IN_ERROR } from '../components/auth/messages';
import { signIn } from './support/browser';
import { PERSONAS } from './support/personas';

function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('an admin signs in and finds the console: top bar, all sections including Admin, useful empty states', async ({ page }) => {
  const violations = collectCspViolations(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, PERSONAS.admin);
  await expect(page).toHaveURL(/\/executions$/);
  await expect(page.getByRole('heading', { name: 'Executions', level: 1 })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText(PERSONAS.admin.email);
  await expect(page.getByTestId('current-role')).toHaveText('admin');
  await expect(page.getByTestId('ingest-url')).toHaveText('http://localhost:3100/api/v1/ingest');
  await expect(page.getByText('[sinks.warden]')).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link')).toHaveText(['Executions', 'Cases', 'Anomalies', 'Prompts', 'Registry', 'Suites', 'Ledger', 'Admin']);

  await nav.getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId('users-table')).toContainText(PERSONAS.analyst.email);
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveAttribute('aria-current', 'page');
  expect(violations).toEqual([]);
});

test('an analyst does not see Admin and gets a 403 page on its URL', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, PERSONAS.analyst);
  await expect(page.getByTestId('current-role')).toHaveText('analyst');
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link')).toHaveText(['Executions', 'Cases', 'Anomalies', 'Prompts', 'Registry', 'Suites', 'Ledger']);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toContainText('You do not have access to this page');
  await expect(page.getByTestId('users-table')).toHaveCount(0);
});

test('a wrong password and an unknown account get the same generic error', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, { ...PERSONAS.lead, password: 'not the right passphrase' });
  await expect(page.getByTestId('sign-in-error')).toHaveText(GENERIC_SIGN_IN_ERROR);
  await expect(page).toHaveURL(/\/login/);
  await page.reload();
  await signIn(page, { ...PERSONAS.lead, email: 'nobody@e2e.test' });
  await expect(page.getByTestId('sign-in-error')).toHaveText(GENERIC_SIGN_IN_ERROR);
});

test('sign-in returns to the page asked for; the environment switch sticks; sign-out ends the session', async ({ page }) => {
  await page.goto('/ledger');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fledger/);
  await signIn(page, PERSONAS.visitor);
  await expect(page).toHaveURL(/\/ledger$/);
  await expect(page.getByTestId('environment-switcher')).toHaveValue('staging');

  await page.getByTestId('environment-switcher').selectOption('production');
  await expect(page).toHaveURL(/\/ledger$/);
  await expect(page.getByTestId('environment-switcher')).toHaveValue('production');
  await page.goto('/prompts');
  await expect(page.getByTestId('environment-switcher')).toHaveValue('production');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const response = await page.goto('/executions');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fexecutions/);
  expect(response?.status()).toBe(200);
});
