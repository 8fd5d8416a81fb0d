import { postWithRetries } from '../detect/webhook';
import { promotionSettings } from './settings';

export interface Announcement {
  environment: string;
  /** e.g. "rolled back", "promoted", "switched the model" */
  what: string;
  actor: string;
  reason: string;
  from: string | null;
  to: string;
  link: string;
}

export function announcementPayload(announcement: Announcement, consoleUrl: string) {
  const text = `${announcement.environment}: ${announcement.actor} ${announcement.what} ${announcement.from ? `${announcement.from} → ` : ''}${announcement.to}`;
  const url = `${consoleUrl}${announcement.link}`;
  return {
    text: `${text} — ${announcement.reason} — ${url}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${text}*\nReason: ${announcement.reason}\n<${url}|Open in Warden>` } }],
  };
}

/**
 * Deploys and rollbacks are announced to WARDEN_REGISTRY_WEBHOOK_URL (Slack-compatible), best effort
 * and off the request's path: the console log entry is the record, the webhook tells people.
 */
export function announce(announcement: Announcement): Promise<void> {
  const { webhookUrl } = promotionSettings();
  if (!webhookUrl) return Promise.resolve();
  const consoleUrl = (process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  return postWithRetries(webhookUrl, announcementPayload(announcement, consoleUrl), { retries: 3 })
    .then((sent) => {
      if (!sent.ok) console.error(`Registry webhook: not delivered after ${sent.attempts} attempt(s) (last status ${sent.status ?? 'network error'})`);
    })
    .catch((error: unknown) => console.error('Registry webhook failed:', (error as Error).message));
}
