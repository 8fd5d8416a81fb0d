import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/browser';
import { E2E_BASE_URL, PERSONAS } from './support/personas';
import { wardenCli } from './support/wardenCli';

// Every detector of issue #7 (prompt_drift belongs to the prompts module and is covered there).
const DETECTORS = [
  'forbidden_side_effect', 'prompt_injection', 'exfil_markup', 'secret_in_output', 'schema_mismatch',
  'rate_spike', 'error_spike', 'latency_spike', 'first_use', 'off_hours', 'failure_burst',
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The demo's attack flows carry the rule detections; the statistical ones need days of history,
 * which a fresh demo run cannot have at the same time of day, so a small ops-team history is sent
 * too: two weekdays of steady inventory_lookup calls, then a burst (rate, errors, latency, failures
 * in one session), a call under a changed input schema, then a call at midnight to a tool no agent
 * ever used (off-hours, first use).
 */
function opsHistory(): Array<Record<string, unknown>> {
  let t = new Date(Date.now() - 15 * HOUR);
  t.setUTCHours(10, 0, 0, 0);
  while (![3, 4, 5].includes(t.getUTCDay()) || t.getTime() + 15 * HOUR > Date.now()) t = new Date(t.getTime() - DAY);
  const spikeAt = t.getTime();
  const records: Array<Record<string, unknown>> = [];
  const call = (at: number, extra: Record<string, unknown> = {}) => records.push({
    id: `ops-e2e-${records.length}`, timestamp: new Date(at).toISOString(), method: 'tools/call', tool_name: 'inventory_lookup', tool_version: '1.0.0',
    input_schema_hash: 'sha256:inventory-lookup-v1',
    user_id: 'ops-e2e@acme.dev', agent_id: `e2e-agent-${1 + (records.length % 5)}`, session_id: `ops-e2e-${new Date(at).toISOString().slice(0, 10)}`,
    arguments: { sku: `SKU-${records.length}` }, output: { in_stock: true }, duration_ms: 18 + (records.length % 7), ...extra,
  });
  for (const day of [2, 1, 0]) {
    for (let window = -12; window < (day === 0 ? 0 : 12); window++) {
      for (let k = 0; k < 4; k++) call(spikeAt - day * DAY + window * 300_000 + k * 60_000);
    }
  }
  for (let i = 0; i < 44; i++) {
    call(spikeAt + i * 5_000, {
      session_id: 'ops-e2e-burst', agent_id: 'e2e-agent-1', duration_ms: 1500 + i,
      ...(i % 11 < 6 ? { is_error: true, error: 'permission denied: inventory service refused the token' } : {}),
    });
  }
  // The same version with another input schema: changed without a version bump.
  call(spikeAt + 13 * HOUR, { input_schema_hash: 'sha256:inventory-lookup-v1-with-bulk-export', session_id: 'ops-e2e-late' });
  call(spikeAt + 14 * HOUR, { tool_name: 'export_all_customers', agent_id: 'e2e-agent-1', session_id: 'ops-e2e-night', arguments: { format: 'csv' } });
  return records;
}

async function signedIn(page: Page, url: string) {
  await page.goto(url);
  await signIn(page, PERSONAS.analyst);
  await page.waitForURL((current) => !current.pathname.startsWith('/login'));
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  const token = wardenCli(['token', 'create', '--name', 'e2e detections', '--env', 'staging', '--scopes', 'ingest:write']).trim().split('\n').pop()!;
  wardenCli(['demo', '--events', '1500', '--env', 'staging', '--url', E2E_BASE_URL, '--token', token, '--seed', '7']);
  const records = opsHistory();
  const response = await request.post('/api/v1/ingest', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, data: records.map((record) => JSON.stringify(record)).join('\n'),
  });
  const answer = await response.json();
  expect(answer.accepted + answer.duplicates).toBe(records.length);
});

test('the demo data raises at least one alert of every detector, within seconds of ingest', async ({ page }) => {
  test.setTimeout(120_000);
  await signedIn(page, '/anomalies/alerts?env=staging&status=open,acknowledged,resolved,false_positive');
  await expect(async () => {
    await page.reload();
    const found = await page.getByTestId('alert-row').evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-detector')))]);
    expect(DETECTORS.filter((detector) => !found.includes(detector))).toEqual([]);
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  // Each detector filter narrows the list to its own alerts, and explanations are in words.
  await page.getByLabel('Detector').selectOption('failure_burst');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('alert-row').first()).toHaveAttribute('data-detector', 'failure_burst');
  await expect(page.getByTestId('alert-row').first()).toContainText(/failed calls .* within \d+ min in one session/);
});

test('clicking an anomaly marker opens the explorer filtered to that alert\'s evidence', async ({ page }) => {
  test.setTimeout(60_000);
  await signedIn(page, '/anomalies?env=staging&range=30d');
  const chart = page.getByTestId('volume-chart');
  await expect(chart).toBeVisible();
  await page.screenshot({ path: '.test-output/anomalies.png', fullPage: true });
  const marker = chart.getByTestId('anomaly-marker').first();
  await expect(marker).toBeAttached();
  const alertId = await marker.getAttribute('data-alert-id');
  await marker.click();
  await page.waitForURL(/\/executions\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('alert')).toBe(alertId);
  expect(url.searchParams.get('env')).toBe('staging');
  await expect(page.getByTestId('alert-evidence-filter')).toBeVisible();
  const rows = page.getByTestId('execution-row');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.count();

  await page.goto(`/anomalies/alerts/${alertId}`);
  // The page streams in after its loading skeleton: count the evidence once it is there (the explorer showed at least one).
  const evidenceLinks = page.getByTestId('alert-evidence').getByRole('link');
  await expect(evidenceLinks.first()).toBeVisible();
  const evidence = await evidenceLinks.count();
  expect(shown).toBe(Math.min(evidence, 50));

  // Every chart has its numbers as a table too.
  await page.goto('/anomalies?env=staging&range=30d');
  for (const id of ['chart-volume', 'chart-error-rate', 'chart-latency', 'chart-alerts', 'chart-top-tools', 'chart-top-users']) {
    await page.getByTestId(id).getByRole('button', { name: 'Table' }).click();
    await expect(page.getByTestId(`${id}-table`)).toBeVisible();
  }
  await expect(page.getByTestId('chart-top-tools-table')).toContainText('inventory_lookup');
});

test('acknowledging an alert is recorded in the ledger\'s console log', async ({ page }) => {
  test.setTimeout(60_000);
  await signedIn(page, '/anomalies/alerts?env=staging&detector=secret_in_output');
  await page.getByTestId('alert-row').first().getByRole('link').first().click();
  await page.waitForURL(/\/anomalies\/alerts\/[0-9a-f-]{36}$/);
  const alertId = page.url().split('/').pop()!;
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByTestId('alert-detail-status')).toHaveText('Acknowledged');
  const entry = page.getByTestId('alert-history').getByRole('listitem').filter({ hasText: 'Open → Acknowledged' });
  await expect(entry).toContainText(PERSONAS.analyst.email);
  const seq = Number((await entry.textContent())!.match(/#(\d+)/)![1]);

  const response = await page.request.get(`/api/v1/ledger/console/entries?start=${seq}&end=${seq + 1}`);
  expect(response.status()).toBe(200);
  const [line] = (await response.text()).trim().split('\n').map((text) => JSON.parse(text) as { seq: number; data: string });
  expect(line!.seq).toBe(seq);
  const recorded = JSON.parse(line!.data) as Record<string, unknown>;
  expect(recorded).toMatchObject({ action: 'alert.status_changed', target: `alert:${alertId}`, actor: PERSONAS.analyst.email });
  expect(JSON.stringify(recorded)).toContain('acknowledged');

  // Notes and assignment are recorded the same way; a bad note is refused with a field error.
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('error-body')).toHaveText('write the note first');
  await page.getByLabel('Add a note').fill('Key rotated by the platform team; checking who read it.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('alert-notes')).toContainText('Key rotated by the platform team');
  await expect(page.getByTestId('alert-history')).toContainText('note (');
});
