/** When to try again after a failed delivery, and whether to. */

export type Delivery =
  | { kind: 'delivered'; answer: Record<string, unknown> }
  | { kind: 'retry'; reason: string; delayMs?: number }
  | { kind: 'rejected'; reason: string; tooLarge?: boolean };

/** Overload, unavailability and timeouts pass; a client error (bad token, wrong scope, bad body) will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** RFC 9110's HTTP-date forms: IMF-fixdate, obsolete RFC 850 and asctime. Date.parse alone takes `-5` or `Tue 3` for dates. */
const HTTP_DATE = /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/**
 * Delay-seconds or an HTTP date (RFC 9110 §10.2.3), capped; undefined when absent or unreadable. The sender waits
 * at least its own back-off whatever this says: a `Retry-After: 0` (or a date past) must not make it hammer a
 * Warden that is down.
 */
export function parseRetryAfter(header: string | null, capMs: number, now = Date.now()): number | undefined {
  const value = header?.trim() ?? '';
  if (/^\d+$/.test(value)) return Math.min(capMs, Number(value) * 1000);
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value.endsWith('GMT') ? value : `${value} GMT`); // asctime has no zone: it is GMT too
  return Number.isNaN(date) ? undefined : Math.min(capMs, Math.max(0, date - now));
}

/** Exponential with jitter, so several recorders cut off together do not all return in the same instant. */
export function backoffMs(attempt: number, firstMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
