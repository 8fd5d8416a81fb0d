import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { signIn } from './support/browser';
import { PERSONAS } from './support/personas';
import { wardenCli } from './support/wardenCli';

function tokenFromCli(environment: string, scopes: string): string {
  const output = wardenCli(['token', 'create', '--name', `e2e ${environment}`, '--env', environment, '--scopes', scopes]);
  return output.trim().split('\n').pop()!;
}

const line = (n: number, pad = 0) => JSON.stringify({
  id: `e2e-${n}`, timestamp: new Date(Date.UTC(2026, 10, 25) + n).toISOString(), method: 'tools/call', tool_name: 'search',
  arguments: { q: 'x'.repeat(pad) },
});

test('the production server ingests NDJSON and gzip through /api/v1/ingest with a CLI-made token', async ({ request }) => {
  const token = tokenFromCli('staging', 'ingest:write');
  expect(token).toMatch(/^wdn_staging_[0-9A-Za-z]{38}$/);
  const body = Array.from({ length: 1000 }, (_, n) => line(n)).join('\n');
  const first = await request.post('/api/v1/ingest', { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, data: body });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ accepted: 1000, duplicates: 0, quarantined: 0 });
  const again = await request.post('/api/v1/ingest', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, data: gzipSync(body),
  });
  expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1000 });
});

test('a 12 MB request reaches the handler whole (no proxy buffering cap), and a production token cannot write to staging', async ({ request }) => {
  const token = tokenFromCli('staging', 'ingest:write');
  const body = Array.from({ length: 120 }, (_, n) => line(10_000 + n, 100_000)).join('\n');
  expect(body.length).toBeGreaterThan(12_000_000);
  const response = await request.post('/api/v1/ingest', { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, data: body });
  expect(await response.json()).toMatchObject({ accepted: 120, quarantined: 0 });

  const production = tokenFromCli('production', 'ingest:write');
  const crossed = await request.post('/api/v1/ingest', {
    headers: { authorization: `Bearer ${production}`, 'content-type': 'application/x-ndjson' },
    data: JSON.stringify({ timestamp: '2026-11-25T10:00:00Z', method: 'tools/call', environment: 'staging' }),
  });
  expect(await crossed.json()).toMatchObject({ accepted: 0, quarantined: 1, errors: [{ line: 1, reason: "environment staging differs from the token's (production)" }] });
});

test('the execution record JSON Schema is published without sign-in', async ({ request }) => {
  const response = await request.get('/schemas/execution.v1.json');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ title: 'Warden execution record v1', required: ['timestamp'] });
});

test('the Executions page counts what was ingested per environment and shows quarantined lines strictly as text', async ({ page, request }) => {
  const production = tokenFromCli('production', 'ingest:write');
  const hostile = 'not json <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const answer = await request.post('/api/v1/ingest', { headers: { authorization: `Bearer ${production}`, 'content-type': 'application/x-ndjson' }, data: hostile });
  expect(await answer.json()).toMatchObject({ quarantined: 1 });
  await page.goto('/executions');
  await signIn(page, PERSONAS.analyst);
  const stats = page.getByTestId('execution-stats');
  await expect(stats).toContainText('Received in staging');
  // Other specs ingest into staging too: the page must show exactly what the search API counts.
  const reader = tokenFromCli('staging', 'executions:read');
  const counted = await (await request.get('/api/v1/executions?limit=1', { headers: { authorization: `Bearer ${reader}` } })).json();
  expect(counted).toMatchObject({ estimated_total_exact: true });
  expect(counted.estimated_total).toBeGreaterThanOrEqual(1_120);
  await expect(stats).toContainText(`Executions${counted.estimated_total.toLocaleString('en-US')}`);
  await page.getByTestId('environment-switcher').selectOption('production');
  await expect(stats).toContainText('Received in production');
  await expect(stats).toContainText('Quarantined lines2');
  await expect(stats).toContainText('Log size (entries)2');
  const quarantine = page.getByTestId('quarantine-table');
  await expect(quarantine).toContainText("environment staging differs from the token's (production)");
  await expect(quarantine).toContainText('"environment":"staging"');
  await expect(quarantine).toContainText(hostile);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
