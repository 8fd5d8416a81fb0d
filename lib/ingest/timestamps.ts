const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

function checked(ms: number): Date | null {
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? new Date(Math.floor(ms)) : null;
}

/** Epoch number in seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude. */
function fromEpoch(value: number | bigint): Date | null {
  const n = typeof value === 'bigint' ? Number(value) : value;
  const abs = Math.abs(n);
  if (abs < 1e11) return checked(Math.round(n * 1000)); // seconds, maybe fractional (Fluent Bit double)
  if (abs < 1e14) return checked(n);
  if (abs < 1e17) return checked(n / 1e3);
  return checked(typeof value === 'bigint' ? Number(value / 1_000_000n) : n / 1e6);
}

/**
 * `timestamp` as RFC 3339 or epoch (s/ms/µs/ns); Fluent Bit's `date` (double seconds or ISO 8601);
 * OTLP's `timeUnixNano`. Millisecond precision; the raw line keeps anything finer.
 */
export function parseTimestamp(value: unknown): Date | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return text.includes('.') ? fromEpoch(Number(text)) : fromEpoch(BigInt(text));
  if (!RFC3339.test(text)) return null;
  return checked(Date.parse(text.replace(' ', 'T')));
}
