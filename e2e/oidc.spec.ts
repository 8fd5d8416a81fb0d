// Single sign-on against a real OpenID Connect provider (oidc-provider) started in this test, and a
// Warden of its own started with WARDEN_OIDC_* settings (the shared e2e server has none).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { freePort, startOidcProvider, type IdpAccount, type RunningOidcProvider } from './support/oidcProvider';
import { startWarden, type RunningWarden } from './support/oidcWarden';

const ROOT = { email: 'root@oidc.test', password: 'root oidc passphrase', role: 'admin' as const };
const CLIENT = { clientId: 'warden-console', clientSecret: 'a client secret of reasonable length 0123456789' };

const ACCOUNTS: Record<string, IdpAccount> = {
  alice: { email: 'Alice@Acme.test', name: 'Alice Lead', groups: ['engineering', 'warden-leads'] },
  bob: { email: 'bob@acme.test', groups: ['marketing'] },
  carol: { email: 'carol@acme.test', groups: ['warden-admins'], emailVerified: false },
  dave: { email: 'dave@acme.test', groups: ['warden-analysts'] },
};

let idp: RunningOidcProvider;
let warden: RunningWarden;

// Each test makes several round trips through the provider.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const port = await freePort();
  idp = await startOidcProvider({ ...CLIENT, redirectUri: `http://localhost:${port}/api/auth/callback/oidc` }, ACCOUNTS);
  warden = await startWarden(port, {
    WARDEN_ADMIN_EMAIL: ROOT.email,
    WARDEN_ADMIN_PASSWORD: ROOT.password,
    WARDEN_OIDC_ISSUER: idp.issuer,
    WARDEN_OIDC_CLIENT_ID: CLIENT.clientId,
    WARDEN_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    WARDEN_OIDC_NAME: 'Acme SSO',
    WARDEN_OIDC_SCOPES: 'openid email profile groups',
    WARDEN_OIDC_ROLE_CLAIM: 'groups',
    WARDEN_OIDC_ADMIN_VALUES: 'warden-admins',
    WARDEN_OIDC_LEAD_VALUES: 'warden-leads',
    WARDEN_OIDC_ANALYST_VALUES: 'warden-analysts',
  });
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && warden) console.log(`OIDC Warden output (last lines):\n${warden.output().slice(-4000)}`);
});

test.afterAll(async () => {
  await warden?.stop();
  await idp?.stop();
});

/** Login page → "Sign in with Acme SSO" → the provider's sign-in form → its consent page → back to Warden. */
async function ssoSignIn(page: Page, login: string): Promise<void> {
  await page.goto(`${warden.baseUrl}/login`);
  await page.getByRole('button', { name: 'Sign in with Acme SSO' }).click();
  await page.waitForURL((url) => url.origin === idp.issuer && url.pathname.startsWith('/interaction/'));
  const signInForm = page.url();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the dev provider checks none');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((url) => url.href !== signInForm && (url.origin === warden.baseUrl || url.pathname.startsWith('/interaction/')));
  if (new URL(page.url()).origin === idp.issuer) {
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForURL((url) => url.origin === warden.baseUrl);
  await page.waitForLoadState('domcontentloaded');
}

async function sessionOf(page: Page): Promise<{ user?: { email: string; role: string } }> {
  return (await (await page.request.get(`${warden.baseUrl}/api/auth/session`)).json()) as { user?: { email: string; role: string } };
}

async function rootPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${warden.baseUrl}/login`);
  await page.getByLabel('Email').fill(ROOT.email);
  await page.getByLabel('Password').fill(ROOT.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-role')).toHaveText('admin');
  return page;
}

test('a user whose groups claim maps to lead signs in through the provider and is a lead', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await ssoSignIn(page, 'alice');
  await expect(page).toHaveURL(`${warden.baseUrl}/executions`);
  await expect(page.getByTestId('current-user')).toHaveText('alice@acme.test');
  await expect(page.getByTestId('current-role')).toHaveText('lead');
  expect((await sessionOf(page)).user).toMatchObject({ email: 'alice@acme.test', role: 'lead' });
  const admin = await page.goto(`${warden.baseUrl}/admin`);
  expect(admin?.status()).toBe(403);

  const root = await rootPage(browser);
  await root.goto(`${warden.baseUrl}/admin`);
  const row = root.getByTestId('user-alice@acme.test');
  await expect(row).toContainText('Alice Lead');
  await expect(row.getByRole('combobox', { name: 'Role' })).toHaveValue('lead');
  await expect(row).not.toContainText('never');
  await root.goto(`${warden.baseUrl}/admin/audit?target=${encodeURIComponent('user:alice@acme.test')}`);
  const audit = root.getByTestId('audit-table');
  await expect(audit).toContainText('user.created');
  await expect(audit).toContainText('sign_in.succeeded');
  await expect(audit).toContainText('"method":"oidc"');
  // Where the sign-in came from (this browser, on loopback), not "unknown": the route hands the address to the callback.
  const signIn = audit.getByTestId('audit-row').filter({ hasText: 'sign_in.succeeded' }).first();
  await expect(signIn).toContainText(/127\.0\.0\.1|::1/);
  await expect(signIn).not.toContainText('unknown');
});

test('the role follows the claim at the next sign-in, up and down, and open sessions follow at once', async ({ browser }) => {
  idp.setAccount('alice', { ...ACCOUNTS.alice!, groups: ['warden-admins'] });
  const asAdmin = await (await browser.newContext()).newPage();
  await ssoSignIn(asAdmin, 'alice');
  await expect(asAdmin.getByTestId('current-role')).toHaveText('admin');
  expect((await sessionOf(asAdmin)).user?.role).toBe('admin');
  expect((await asAdmin.goto(`${warden.baseUrl}/admin`))?.status()).toBe(200);

  idp.setAccount('alice', { ...ACCOUNTS.alice!, groups: ['warden-analysts', 'engineering'] });
  const asAnalyst = await (await browser.newContext()).newPage();
  await ssoSignIn(asAnalyst, 'alice');
  await expect(asAnalyst.getByTestId('current-role')).toHaveText('analyst');
  // The earlier admin session's user is re-read from the database on every request: an analyst's now.
  expect((await asAdmin.goto(`${warden.baseUrl}/admin`))?.status()).toBe(403);
  await asAdmin.goto(`${warden.baseUrl}/executions`);
  await expect(asAdmin.getByTestId('current-role')).toHaveText('analyst');

  const root = await rootPage(browser);
  await root.goto(`${warden.baseUrl}/admin/audit?action=user.role_changed&target=${encodeURIComponent('user:alice@acme.test')}`);
  const rows = root.getByTestId('audit-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(/"from":"admin"/);
  await expect(rows.nth(0)).toContainText(/"to":"analyst"/);
  await expect(rows.nth(1)).toContainText(/"from":"lead"/);
  await expect(rows.nth(1)).toContainText(/"to":"admin"/);
  await expect(rows.nth(0)).toContainText('oidc');
});

test('an account whose claim maps to no role is refused, gets a clear message and no user is created', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await ssoSignIn(page, 'bob');
  await expect(page).toHaveURL(/\/login\?.*error=AccessDenied/);
  await expect(page.getByTestId('sso-error')).toContainText('no Warden role');
  expect((await sessionOf(page)).user).toBeUndefined();
  expect((await page.context().cookies()).filter((cookie) => cookie.name.endsWith('next-auth.session-token'))).toEqual([]);
  expect((await page.goto(`${warden.baseUrl}/executions`))?.url()).toContain('/login');

  const root = await rootPage(browser);
  await root.goto(`${warden.baseUrl}/admin`);
  await expect(root.getByTestId('users-table')).toContainText('alice@acme.test');
  await expect(root.getByTestId('user-bob@acme.test')).toHaveCount(0);
  await root.goto(`${warden.baseUrl}/admin/audit?action=sign_in.failed&target=${encodeURIComponent('user:bob@acme.test')}`);
  await expect(root.getByTestId('audit-table')).toContainText('no role: claim groups has no mapped value');
});

test('an email the provider marks unverified is refused, even with an admin group', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await ssoSignIn(page, 'carol');
  await expect(page).toHaveURL(/\/login\?.*error=AccessDenied/);
  expect((await sessionOf(page)).user).toBeUndefined();
  const root = await rootPage(browser);
  await root.goto(`${warden.baseUrl}/admin/audit?action=sign_in.failed&target=${encodeURIComponent('user:carol@acme.test')}`);
  await expect(root.getByTestId('audit-table')).toContainText('email not verified by the provider');
});

test('a deactivated user loses the open session at once and the provider cannot sign them back in', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await ssoSignIn(page, 'dave');
  await expect(page.getByTestId('current-role')).toHaveText('analyst');

  const root = await rootPage(browser);
  await root.goto(`${warden.baseUrl}/admin`);
  root.once('dialog', (dialog) => void dialog.accept());
  await root.getByTestId('user-dave@acme.test').getByRole('button', { name: 'Deactivate' }).click();
  await expect(root.getByTestId('user-dave@acme.test')).toContainText('deactivated');

  await page.goto(`${warden.baseUrl}/executions`);
  await expect(page).toHaveURL(/\/login/);
  const again = await (await browser.newContext()).newPage();
  await ssoSignIn(again, 'dave');
  await expect(again).toHaveURL(/\/login\?.*error=AccessDenied/);
  expect((await sessionOf(again)).user).toBeUndefined();
});

test('a forged or replayed callback does not sign anyone in', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  // No state, PKCE or nonce cookies from a sign-in this browser started, and a code the provider never issued.
  const forged = await page.goto(`${warden.baseUrl}/api/auth/callback/oidc?code=forged-code&state=forged-state&iss=${encodeURIComponent(idp.issuer)}`);
  expect(forged?.url()).toMatch(/\/login\?.*error=/);
  expect((await sessionOf(page)).user).toBeUndefined();

  // A real callback URL, captured and replayed in another browser: its code is already spent and its checks do not match.
  const victim = await (await browser.newContext()).newPage();
  let callbackUrl = '';
  victim.on('request', (request) => {
    if (request.url().startsWith(`${warden.baseUrl}/api/auth/callback/oidc`)) callbackUrl = request.url();
  });
  await ssoSignIn(victim, 'alice');
  expect(callbackUrl).toContain('code=');
  const attacker = await (await browser.newContext()).newPage();
  await attacker.goto(callbackUrl);
  await expect(attacker).toHaveURL(/\/login\?.*error=/);
  expect((await sessionOf(attacker)).user).toBeUndefined();
});
