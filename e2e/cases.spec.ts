import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/browser';
import { PERSONAS } from './support/personas';
import { wardenCli } from './support/wardenCli';

const XSS = '<img src=x onerror="window.__pwned=1">';
const TITLE = `Exfiltration via ce_fetch ${XSS}`;
const RECORDS = [
  { id: 'ce-1', timestamp: new Date(Date.now() - 60_000).toISOString(), method: 'tools/call', tool_name: 'ce_fetch', tool_version: '1.0.0', session_id: 'ce-session', user_id: 'eve@acme.dev', arguments: { url: 'https://exfil.example/' } },
  { id: 'ce-2', timestamp: new Date(Date.now() - 50_000).toISOString(), method: 'tools/call', tool_name: 'ce_shell', session_id: 'ce-session', user_id: 'eve@acme.dev', is_error: true, error: 'denied' },
];

async function signInAt(page: Page, url: string, persona: (typeof PERSONAS)[keyof typeof PERSONAS]) {
  await page.goto(url);
  await signIn(page, persona);
  await page.waitForURL((current) => !current.pathname.startsWith('/login'));
}

test.beforeAll(async ({ request }) => {
  const token = wardenCli(['token', 'create', '--name', 'e2e cases', '--env', 'staging', '--scopes', 'ingest:write']).trim().split('\n').pop()!;
  const response = await request.post('/api/v1/ingest', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, data: RECORDS.map((record) => JSON.stringify(record)).join('\n'),
  });
  const answer = await response.json();
  // Playwright re-runs beforeAll in a new worker after a failure: a resent record is a duplicate.
  expect(answer.accepted + answer.duplicates).toBe(RECORDS.length);
});

test('an analyst creates a case, pins an execution into it, adds a note and closes it; the case is listed and linkable', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signInAt(page, '/cases', PERSONAS.analyst);
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Cases' })).toHaveAttribute('aria-current', 'page');

  // The server action's zod result comes back as an error next to the field.
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByTestId('error-title')).toHaveText('give the case a title');

  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('First note (optional)').fill(`Alert from the proxy. ${XSS}`);
  await page.getByRole('button', { name: 'Create case' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(page.getByTestId('case-status')).toHaveText('open');

  // Pin from the execution's page.
  await page.goto('/executions?env=staging&tool=ce_fetch');
  await page.getByTestId('execution-row').getByRole('link', { name: 'ce_fetch@1.0.0' }).click();
  const pinPanel = page.getByTestId('pin-to-case');
  await expect(pinPanel).toContainText('Not pinned in any case.');
  await pinPanel.getByLabel('Open case').selectOption({ label: TITLE });
  await pinPanel.getByRole('button', { name: 'Pin to case' }).click();
  await expect(page.getByTestId('pinned-in')).toContainText(`Pinned in ${TITLE} (open)`);

  // The session timeline flags the pinned step.
  await page.getByTestId('link-session').click();
  await expect(page.getByTestId('timeline-step').nth(0)).toHaveAttribute('data-flagged', 'true');
  await expect(page.getByTestId('timeline-step').nth(1)).toHaveAttribute('data-error', 'true');

  await page.goto(caseUrl);
  await expect(page.getByTestId('case-pins').getByTestId('execution-row')).toHaveCount(1);
  await expect(page.getByTestId('case-pins')).toContainText('ce_fetch@1.0.0');
  await page.getByLabel('Add a note').fill('Key rotated; the host is blocked at the proxy.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('case-notes').getByRole('listitem')).toHaveCount(2);
  await expect(page.getByTestId('case-notes')).toContainText(`Alert from the proxy. ${XSS}`);
  await page.getByRole('button', { name: 'Close case' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('closed');
  await expect(page.getByRole('button', { name: 'Reopen case' })).toBeVisible();
  const history = page.getByTestId('case-history');
  await expect(history.getByRole('listitem')).toHaveCount(5);
  for (const action of ['case.created', 'case.note_added', 'case.execution_pinned', 'case.updated']) await expect(history).toContainText(action);
  await expect(history).toContainText('status: open → closed');
  await expect(history).toContainText(PERSONAS.analyst.email);

  await page.goto('/cases?status=closed');
  await expect(page.getByTestId('case-list')).toContainText(TITLE);
  await page.goto('/cases');
  await expect(page.getByText(TITLE)).toHaveCount(0);

  // The link works for someone else, signed in fresh.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await signInAt(other, caseUrl, PERSONAS.lead);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(other.getByTestId('case-pins')).toContainText('ce_fetch@1.0.0');
  await other.getByRole('button', { name: 'Reopen case' }).click();
  await expect(other.getByTestId('case-status')).toHaveText('open');
  await other.getByRole('button', { name: /^Unpin staging\/\d+$/ }).click();
  await expect(other.getByText('Pinned executions (0)')).toBeVisible();
  await fresh.close();

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('an unknown case link lands on the list, which says so', async ({ page }) => {
  await signInAt(page, '/cases/00000000-0000-4000-8000-000000000000', PERSONAS.analyst);
  await expect(page).toHaveURL(/\/cases\?missing=/);
  await expect(page.getByTestId('missing-case')).toContainText('There is no case 00000000-0000-4000-8000-000000000000');
});
