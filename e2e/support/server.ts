// Started by Playwright (webServer): serves the production build through the real `warden start`
// on a database of its own, creates the personas with the real CLI, then prints WARDEN_E2E_READY.
// TEST_DATABASE_URL set → a fresh database on that server; unset → the embedded default.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '../../lib/db/ensureDatabase';
import { waitForHealth } from '../../lib/http/waitForHealth';
import { databaseUrl } from '../../test/support/testServer';
import { E2E_BASE_URL, E2E_ENV_FILE, E2E_PORT, PERSONAS } from './personas';
import { wardenCli } from './wardenCli';

const home = mkdtempSync(path.join(tmpdir(), 'warden-e2e-'));
const serverUrl = process.env.TEST_DATABASE_URL;
const databaseName = `warden_e2e_${randomBytes(4).toString('hex')}`;
const env: Record<string, string> = { WARDEN_HOME: home, DATABASE_URL: '' };

async function cleanUp() {
  if (serverUrl) await dropDatabase(serverUrl, databaseName).catch((error) => console.error('drop failed', error));
  rmSync(home, { recursive: true, force: true });
}


if (serverUrl) {
  await ensureDatabase(serverUrl, databaseName);
  env.DATABASE_URL = databaseUrl(serverUrl, databaseName);
}
mkdirSync(path.dirname(E2E_ENV_FILE), { recursive: true });
writeFileSync(E2E_ENV_FILE, JSON.stringify(env));

const warden = spawn(process.execPath, ['bin/warden', 'start', '--port', String(E2E_PORT)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    ...env,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    WARDEN_ADMIN_EMAIL: PERSONAS.admin.email,
    WARDEN_ADMIN_PASSWORD: PERSONAS.admin.password,
    WARDEN_DEMO: '0',
    // Registry e2e: no staging soak wait; the suite gate is shown (red until a suite ran) but advisory here.
    WARDEN_PROMOTION_MIN_SOAK_MINUTES: '0',
    WARDEN_PROMOTION_GATES: 'soak,alerts',
  },
});
let exiting = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (exiting) return;
  exiting = true;
  warden.kill(signal);
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
warden.on('exit', async (code) => {
  await cleanUp();
  process.exit(exiting ? 0 : (code ?? 1));
});

if (!(await waitForHealth(E2E_BASE_URL, 240_000))) throw new Error('the e2e server did not become healthy in time');
for (const persona of [PERSONAS.lead, PERSONAS.lead2, PERSONAS.analyst, PERSONAS.ended, PERSONAS.visitor]) {
  wardenCli(['user', 'create', '--email', persona.email, '--role', persona.role, '--password-stdin'], persona.password);
}
console.log('WARDEN_E2E_READY');
