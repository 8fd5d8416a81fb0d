import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWithRetries, slackPayload, webhookConfig } from './webhook';

let close: (() => void) | null = null;
afterEach(() => close?.());

/** A real HTTP endpoint answering with the given statuses in turn, recording the bodies it got. */
async function endpoint(statuses: number[]) {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(body));
      response.writeHead(statuses[Math.min(bodies.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => server.close();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

const alert = { id: 'a1', environment: 'production', detector: 'secret_in_output', severity: 'critical' as const, title: 'AWS key in output', explanation: 'The output carries an AWS access key id (AKIAQ3EX…).', evidenceCount: 1 };

describe('alert webhook', () => {
  it('retries 5xx and 429 with back-off until delivered', async () => {
    const hook = await endpoint([503, 429, 200]);
    expect(await postWithRetries(hook.url, { text: 'x' }, { retries: 5, baseDelayMs: 5 })).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(hook.bodies).toHaveLength(3);
  });

  it('gives up at once on a 4xx other than 429, and after the retries otherwise', async () => {
    const gone = await endpoint([404]);
    expect(await postWithRetries(gone.url, {}, { retries: 5, baseDelayMs: 5 })).toEqual({ ok: false, attempts: 1, status: 404 });
    close?.();
    const down = await endpoint([500]);
    expect(await postWithRetries(down.url, {}, { retries: 2, baseDelayMs: 5 })).toEqual({ ok: false, attempts: 3, status: 500 });
  });

  it('survives a refused connection', async () => {
    expect(await postWithRetries('http://127.0.0.1:9/none', {}, { retries: 1, baseDelayMs: 5 })).toMatchObject({ ok: false, attempts: 2, status: null });
  });

  it('sends Slack-compatible JSON linking to the alert', () => {
    const payload = slackPayload(alert, 'https://warden.example.com');
    expect(payload.text).toBe('[CRITICAL] production: AWS key in output — https://warden.example.com/anomalies/alerts/a1');
    expect(payload.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('<https://warden.example.com/anomalies/alerts/a1|Open in Warden>') } });
  });

  it('is off unless configured, and defaults to high and above', () => {
    expect(webhookConfig({})).toMatchObject({ url: null, minSeverity: 'high', retries: 5 });
    expect(webhookConfig({ WARDEN_ALERT_WEBHOOK_URL: 'https://hooks.slack.com/x', WARDEN_ALERT_WEBHOOK_MIN_SEVERITY: 'bogus' })).toMatchObject({ minSeverity: 'high' });
    expect(webhookConfig({ WARDEN_ALERT_WEBHOOK_MIN_SEVERITY: 'medium', NEXTAUTH_URL: 'https://w.example/' })).toMatchObject({ minSeverity: 'medium', consoleUrl: 'https://w.example' });
  });
});
