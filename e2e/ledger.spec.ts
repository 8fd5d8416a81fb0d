import { expect, test } from '@playwright/test';
import { openNote, parseCheckpoint } from '../lib/ledger/signedNote';
import { signIn } from './support/browser';
import { PERSONAS } from './support/personas';
import { wardenCli } from './support/wardenCli';

// Runs after ingest.spec.ts has written to the staging log; the server signs checkpoints every 10 s.
test('the server signs checkpoints on its own; a ledger:read token fetches one and the published key verifies it', async ({ request }) => {
  const token = wardenCli(['token', 'create', '--name', 'monitor', '--env', 'staging', '--scopes', 'ledger:read']).trim().split('\n').pop()!;
  const headers = { authorization: `Bearer ${token}` };
  const { keys } = await (await request.get('/api/v1/ledger/keys', { headers })).json();
  const verifiers = keys.map((key: { verifier_key: string }) => key.verifier_key);
  // The first checkpoint may predate the last of ingest.spec.ts's entries: the next one (within 10 s) covers them.
  let checkpoint: ReturnType<typeof parseCheckpoint> | undefined;
  for (let tries = 0; tries < 30 && !(checkpoint && checkpoint.size >= 1120); tries++) {
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    const response = await request.get('/api/v1/ledger/staging/checkpoint', { headers });
    if (response.status() === 404) continue;
    expect(response.status()).toBe(200);
    checkpoint = parseCheckpoint(openNote(await response.text(), verifiers).text);
  }
  expect(checkpoint?.origin).toBe('warden.local/staging');
  expect(checkpoint?.size).toBeGreaterThanOrEqual(1120);
  expect((await request.get('/api/v1/ledger/production/checkpoint', { headers })).status()).toBe(403);
  expect((await request.get('/api/v1/ledger/staging/checkpoint')).status()).toBe(401);
});

test('the Ledger page shows the log size, the latest signed checkpoint and the verifier key', async ({ page }) => {
  await page.goto('/ledger');
  await signIn(page, PERSONAS.lead);
  const overview = page.getByTestId('ledger-overview');
  await expect(overview).toContainText('staging log');
  await expect(overview).toContainText('warden.local/staging');
  await expect(overview).toContainText(/warden\.local\+[0-9a-f]{8}\+/);
  await expect(overview).toContainText('Checkpoint history');
});

test('Verify now walks the whole staging log in the console and reports it intact', async ({ page }) => {
  await page.goto('/ledger');
  await signIn(page, PERSONAS.admin);
  const panel = page.getByTestId('verify-panel');
  await panel.getByRole('button', { name: 'Verify now' }).click();
  await expect(page.getByTestId('verify-result')).toContainText(/Verified [\d,]+ entries and \d+ signed checkpoints ✓/, { timeout: 30_000 });
  await expect(page.getByTestId('verify-result')).toContainText(PERSONAS.admin.email);
});
