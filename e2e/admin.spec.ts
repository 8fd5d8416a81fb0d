import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/browser';
import { E2E_BASE_URL, PERSONAS, type Persona } from './support/personas';

async function signInAt(page: Page, url: string, persona: Persona) {
  await page.goto(url);
  await signIn(page, persona);
  await page.waitForURL((current) => !current.pathname.startsWith('/login'));
}

const record = (id: string) => JSON.stringify({ id, timestamp: new Date().toISOString(), method: 'tools/call', tool_name: 'admin_e2e' }) + '\n';

test('an admin creates an ingest token; its shown snippets work verbatim; after revoking, the next post gets 401 revoked', async ({ page, request }) => {
  test.setTimeout(90_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await signInAt(page, '/admin/tokens', PERSONAS.admin);
  await expect(page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'API tokens' })).toHaveAttribute('aria-current', 'page');

  // No scope: the zod result comes back next to the field.
  const form = page.getByTestId('create-token-form');
  await form.getByLabel('Name').fill('vector e2e');
  await form.getByRole('checkbox', { name: /ingest:write/ }).uncheck();
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByTestId('error-scopes')).toContainText('choose at least one scope');

  // React resets the form after an action: fill it again.
  await form.getByLabel('Name').fill('vector e2e');
  await form.getByRole('checkbox', { name: /ingest:write/ }).check();
  await expect(form.getByLabel('Expires in (days; 0 = never)')).toHaveValue('90');
  await form.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByTestId('shown-token');
  await expect(shown).toBeVisible();
  const secret = (await shown.getByTestId('token-secret').textContent())!.trim();
  expect(secret).toMatch(/^wdn_staging_[0-9A-Za-z]{38}$/);
  await expect(shown.getByTestId('copy-token')).toBeVisible();

  // Vector's http sink: the uri and bearer token exactly as printed.
  const vector = (await shown.getByTestId('snippet-vector').textContent())!;
  const uri = /^uri = "(.+)"$/m.exec(vector)![1]!;
  expect(uri).toBe(`${E2E_BASE_URL}/api/v1/ingest`);
  const vectorToken = /^auth\.token = "(.+)"$/m.exec(vector)![1]!;
  expect(vectorToken).toBe(secret);
  const viaVector = await request.post(uri, { headers: { authorization: `Bearer ${vectorToken}`, 'content-type': 'application/x-ndjson' }, data: record('admin-e2e-vector') });
  expect(viaVector.status()).toBe(200);
  expect(await viaVector.json()).toMatchObject({ accepted: 1, quarantined: 0 });

  // Fluent Bit's http output: Host, Port, URI and Header lines as printed.
  const fluent = (await shown.getByTestId('snippet-fluent-bit').textContent())!;
  const setting = (name: string) => new RegExp(`^\\s+${name}\\s+(.+)$`, 'm').exec(fluent)![1]!.trim();
  const [headerName, ...headerValue] = setting('Header').split(' ');
  const viaFluent = await request.post(`http://${setting('Host')}:${setting('Port')}${setting('URI')}`, {
    headers: { [headerName!]: headerValue.join(' '), 'content-type': 'application/json' }, data: record('admin-e2e-fluent'),
  });
  expect(await viaFluent.json()).toMatchObject({ accepted: 1 });

  // The curl check, run by a shell exactly as shown.
  const curl = (await shown.getByTestId('snippet-curl').textContent())!;
  const { stdout } = await promisify(execFile)('sh', ['-c', curl]);
  expect(JSON.parse(stdout)).toMatchObject({ quarantined: 0 });

  // Listed with prefix, scope, environment, creator and last use; then revoked.
  const prefix = secret.slice(0, 18);
  await page.reload();
  const row = page.getByTestId(`token-${prefix}`);
  await expect(row).toContainText('vector e2e');
  await expect(row).toContainText('ingest:write');
  await expect(row).toContainText(PERSONAS.admin.email);
  await expect(row.getByTestId('last-used')).toContainText('UTC');
  await row.getByTestId(`revoke-${prefix}`).click();
  await expect(row.getByTestId('token-status')).toHaveText('revoked');

  const after = await request.post(uri, { headers: { authorization: `Bearer ${vectorToken}`, 'content-type': 'application/x-ndjson' }, data: record('admin-e2e-after') });
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ reason: 'revoked' });

  // The audit view shows it, filterable by action.
  await page.goto(`/admin/audit?action=token.revoked&target=${prefix}`);
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(page.getByTestId('audit-row')).toContainText(PERSONAS.admin.email);
});

test('an admin adds a user, who signs in; deactivating ends their session at once', async ({ page, browser }) => {
  test.setTimeout(90_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await signInAt(page, '/admin', PERSONAS.admin);
  const email = `new-${Date.now()}@e2e.test`;
  const form = page.getByTestId('create-user-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption('analyst');
  await form.getByRole('button', { name: 'Add user' }).click();
  const password = (await form.getByTestId('one-time-password').locator('code').textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(12);

  const theirs = await browser.newContext({ baseURL: E2E_BASE_URL });
  const userPage = await theirs.newPage();
  await signInAt(userPage, '/executions', { email, password, role: 'analyst' });
  await expect(userPage).toHaveURL(/\/executions/);

  await page.reload();
  const row = page.getByTestId(`user-${email}`);
  await expect(row).toContainText('active');
  await expect(row).not.toContainText('never'); // last sign-in is shown
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('deactivated');
  await userPage.goto('/executions');
  await expect(userPage).toHaveURL(/\/login/);
  await theirs.close();

});
