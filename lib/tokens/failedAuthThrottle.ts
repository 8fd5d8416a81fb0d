/**
 * Brute-force brake for bearer tokens, per source address: after `limit` failed authentications
 * (missing, malformed, unknown, revoked, expired…) within `windowMs`, that source is refused with
 * 429 until the window ends, before any hashing or database work. In memory, per server process:
 * guessing a 190-bit secret is hopeless anyway; this stops the noise and the load.
 */
export const TOKEN_FAILURE_LIMITS = {
  limit: Number(process.env.WARDEN_TOKEN_FAILURES_PER_MINUTE) || 30,
  windowMs: 60_000,
  maxSources: 10_000,
};

interface Window {
  startedAt: number;
  failures: number;
}

const windows = new Map<string, Window>();

function current(ip: string, now: number): Window | undefined {
  const window = windows.get(ip);
  if (window && now - window.startedAt >= TOKEN_FAILURE_LIMITS.windowMs) {
    windows.delete(ip);
    return undefined;
  }
  return window;
}

/** Seconds until `ip` may try again, or 0 when it is not throttled. */
export function throttledFor(ip: string, now = Date.now()): number {
  const window = current(ip, now);
  if (!window || window.failures < TOKEN_FAILURE_LIMITS.limit) return 0;
  return Math.max(1, Math.ceil((window.startedAt + TOKEN_FAILURE_LIMITS.windowMs - now) / 1000));
}

/** Counts one failure; true exactly when this failure reaches the limit (the moment to tell the ledger). */
export function noteFailure(ip: string, now = Date.now()): boolean {
  let window = current(ip, now);
  if (!window) {
    if (windows.size >= TOKEN_FAILURE_LIMITS.maxSources) windows.delete(windows.keys().next().value!); // oldest first
    window = { startedAt: now, failures: 0 };
    windows.set(ip, window);
  }
  window.failures++;
  return window.failures === TOKEN_FAILURE_LIMITS.limit;
}

/** For tests: forget every source. */
export function resetTokenFailures(): void {
  windows.clear();
}
