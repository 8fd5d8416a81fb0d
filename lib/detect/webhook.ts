import { pool } from '../db/pool';
import { SEVERITIES, type Severity } from './types';

// Optional Slack-compatible notifications of new alerts (WARDEN_ALERT_WEBHOOK_URL: a Slack incoming
// webhook, or anything that takes {"text": …, "blocks": […]}). Best effort, off the runner's path.

export interface WebhookAlert {
  id: string;
  environment: string;
  detector: string;
  severity: Severity;
  title: string;
  explanation: string;
  evidenceCount: number;
}

export function webhookConfig(env: Record<string, string | undefined> = process.env) {
  const url = env.WARDEN_ALERT_WEBHOOK_URL?.trim() || null;
  const wanted = env.WARDEN_ALERT_WEBHOOK_MIN_SEVERITY as Severity | undefined;
  const minSeverity: Severity = wanted && SEVERITIES.includes(wanted) ? wanted : 'high';
  const consoleUrl = (env.NEXTAUTH_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, '');
  return { url, minSeverity, consoleUrl, retries: Math.max(0, Number(env.WARDEN_ALERT_WEBHOOK_RETRIES ?? 5) || 0) };
}

/** The Slack message: a plain `text` fallback and one section block with a link to the alert. */
export function slackPayload(alert: WebhookAlert, consoleUrl: string) {
  const link = `${consoleUrl}/anomalies/alerts/${alert.id}`;
  const text = `[${alert.severity.toUpperCase()}] ${alert.environment}: ${alert.title}`;
  return {
    text: `${text} — ${link}`,
    blocks: [{
      type: 'section',
      text: { type: 'mrkdwn', text: `*${text}*\n${alert.explanation}\n${alert.evidenceCount} execution(s) as evidence · <${link}|Open in Warden>` },
    }],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * POSTs with retries: network errors, 429 and 5xx are retried with exponential back-off (honouring
 * Retry-After up to 60 s); other 4xx are final (a wrong URL does not get better).
 */
export async function postWithRetries(url: string, body: unknown, options: { retries: number; baseDelayMs?: number; fetchImpl?: typeof fetch } = { retries: 5 }): Promise<{ ok: boolean; attempts: number; status: number | null }> {
  const doFetch = options.fetchImpl ?? fetch;
  let status: number | null = null;
  for (let attempt = 1; attempt <= options.retries + 1; attempt++) {
    let retryAfterMs = 0;
    try {
      const response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      status = response.status;
      if (response.ok) return { ok: true, attempts: attempt, status };
      if (response.status !== 429 && response.status < 500) return { ok: false, attempts: attempt, status };
      retryAfterMs = Math.min(60_000, (Number(response.headers.get('retry-after')) || 0) * 1000);
    } catch {
      status = null;
    }
    if (attempt <= options.retries) await sleep(Math.max(retryAfterMs, (options.baseDelayMs ?? 1000) * 2 ** (attempt - 1)));
  }
  return { ok: false, attempts: options.retries + 1, status };
}

/** Sends new alerts at or above the configured severity; marks each delivered one (notified_at). Never throws. */
export function notifyNewAlerts(ids: string[]): void {
  const config = webhookConfig();
  if (!config.url || ids.length === 0) return;
  const url = config.url;
  void (async () => {
    const { rows } = await pool().query<WebhookAlert & { evidence_count: number }>(
      `SELECT id, environment, detector, severity, title, explanation, evidence_count FROM alerts
       WHERE id = ANY($1::uuid[]) AND notified_at IS NULL AND severity = ANY($2::"AlertSeverity"[])`,
      [ids, SEVERITIES.slice(SEVERITIES.indexOf(config.minSeverity))]);
    for (const row of rows) {
      const sent = await postWithRetries(url, slackPayload({ ...row, evidenceCount: row.evidence_count }, config.consoleUrl), { retries: config.retries });
      if (sent.ok) await pool().query('UPDATE alerts SET notified_at = now() WHERE id = $1', [row.id]);
      else console.error(`Alert webhook: giving up on alert ${row.id} after ${sent.attempts} attempt(s) (last status ${sent.status ?? 'network error'})`);
    }
  })().catch((error) => console.error('Alert webhook failed:', (error as Error).message));
}
