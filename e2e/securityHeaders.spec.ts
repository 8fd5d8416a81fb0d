import { expect, test } from '@playwright/test';

test('pages carry a nonce CSP without unsafe-inline scripts, no framing, a referrer policy and no X-Powered-By', async ({ request }) => {
  const first = await request.get('/login');
  const second = await request.get('/login');
  const headers = first.headers();
  const csp = headers['content-security-policy']!;
  const scriptSrc = csp.split(';').map((part) => part.trim()).find((part) => part.startsWith('script-src'))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-powered-by']).toBeUndefined();
  expect(second.headers()['content-security-policy']).not.toBe(csp);

  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, 'every script tag carries the request nonce').toContain(`nonce="${nonce}"`);
});

test('signed-out API calls get 401 JSON, signed-out page requests go to /login', async ({ request }) => {
  const api = await request.post('/api/environment', { form: { environment: 'production' }, maxRedirects: 0 });
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({ error: 'unauthenticated' });
  const page = await request.get('/admin?tab=users', { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers().location).toBe('/login?callbackUrl=%2Fadmin%3Ftab%3Dusers');
});

test('a forged session cookie is treated as signed out', async ({ request }) => {
  const forged = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA';
  const response = await request.get('/api/environment', { headers: { cookie: `next-auth.session-token=${forged}` }, maxRedirects: 0 });
  expect(response.status()).toBe(401);
  const page = await request.get('/executions', { headers: { cookie: `next-auth.session-token=${forged}` }, maxRedirects: 0 });
  expect(page.status()).toBe(307);
});
