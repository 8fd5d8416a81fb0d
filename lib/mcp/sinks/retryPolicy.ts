/** When to try again after a failed delivery, and whether to. */

export type Delivery =
  | { kind: 'delivered'; answer: Record<string, unknown> }
  | { kind: 'retry'; reason: string; delayMs?: number }
  | { kind: 'rejected'; reason: string };

/** Overload, unavailability and timeouts pass; a client error (bad token, wrong scope, bad body) will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Delay-seconds or an HTTP date (RFC 9110 §10.2.3), capped; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, capMs: number, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(capMs, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.min(capMs, Math.max(0, date - now));
}

/** Exponential with jitter, so several recorders cut off together do not all return in the same instant. */
export function backoffMs(attempt: number, firstMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
