import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL } from './e2e/support/personas';

const EXACT_DATA_SPECS = /\/(auth|cases|explorer|ingest|ledger|securityHeaders)\.spec\.ts$/;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  forbidOnly: Boolean(process.env.CI),
  outputDir: '.test-output/playwright-artifacts',
  reporter: [['list'], ['json', { outputFile: '.test-output/playwright.json' }]],
  use: {
    baseURL: E2E_BASE_URL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    },
  },
  // One server for all specs: the specs that count exact totals or search for one record run
  // before the specs that load bulk demo and attack traffic into the same database.
  projects: [
    { name: 'exact-data', testMatch: EXACT_DATA_SPECS },
    { name: 'bulk-data', testIgnore: EXACT_DATA_SPECS, dependencies: ['exact-data'] },
  ],
  webServer: {
    command: 'node --import tsx e2e/support/server.ts',
    wait: { stdout: /WARDEN_E2E_READY/ },
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
