import type { DemoEvent } from './session';

export interface SendOptions {
  /** Base URL of a Warden instance, e.g. http://localhost:3000 */
  url: string;
  token: string;
  batchSize?: number;
  concurrency?: number;
  maxRetries?: number;
  /** Called with the running total of events the server has answered for. */
  onProgress?: (sent: number) => void;
  fetchImpl?: typeof fetch;
}

export interface SendReport {
  accepted: number;
  duplicates: number;
  quarantined: number;
  /** Lines the server refused outright; summed from the `errors` field of its answers. */
  errors: number;
  /** HTTP attempts made, retries included. */
  requests: number;
  retries: number;
}

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 10_000;

/**
 * Sends events to `/api/v1/ingest` as NDJSON batches. Overload answers (429/503) and network failures
 * are retried with back-off; that is safe because the server deduplicates by `id`. Anything else is a
 * caller or server bug and stops the run.
 */
export async function sendEvents(events: DemoEvent[], options: SendOptions): Promise<SendReport> {
  const batchSize = positiveInt(options.batchSize ?? 1000, 'batchSize');
  const concurrency = positiveInt(options.concurrency ?? 2, 'concurrency');
  const maxRetries = nonNegativeInt(options.maxRetries ?? 8, 'maxRetries');
  const fetchImpl = options.fetchImpl ?? fetch;
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/v1/ingest`;
  const report: SendReport = { accepted: 0, duplicates: 0, quarantined: 0, errors: 0, requests: 0, retries: 0 };

  const batches: DemoEvent[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));

  // One failed batch aborts the others' requests and back-off sleeps instead of letting them run on.
  const abort = new AbortController();
  let failure: unknown;
  let next = 0;
  let sent = 0;

  const sendBatch = async (batch: DemoEvent[]): Promise<Record<string, unknown>> => {
    const body = batch.map((event) => `${JSON.stringify(event)}\n`).join('');
    for (let attempt = 0; ; attempt++) {
      report.requests++;
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        const response = await fetchImpl(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-ndjson', Accept: 'application/json', Authorization: `Bearer ${options.token}` },
          body,
          signal: abort.signal,
        });
        ({ status } = response);
        retryAfter = response.headers.get('retry-after');
        text = await response.text();
      } catch (error) {
        if (abort.signal.aborted) throw error;
        if (attempt >= maxRetries) throw new Error(`ingest request to ${endpoint} failed after ${attempt + 1} attempts: ${describe(error)}`, { cause: error });
        report.retries++;
        await sleep(backoff(attempt), abort.signal);
        continue;
      }
      if (status >= 200 && status < 300) return parseAnswer(text);
      if ((status === 429 || status === 503) && attempt < maxRetries) {
        report.retries++;
        await sleep(parseRetryAfter(retryAfter) ?? backoff(attempt), abort.signal);
        continue;
      }
      throw new Error(`ingest rejected a batch of ${batch.length} with HTTP ${status}${attempt > 0 ? ` after ${attempt + 1} attempts` : ''}: ${text}`);
    }
  };

  const worker = async () => {
    while (!abort.signal.aborted && next < batches.length) {
      const batch = batches[next++] ?? [];
      try {
        const answer = await sendBatch(batch);
        report.accepted += count(answer.accepted);
        report.duplicates += count(answer.duplicates);
        report.quarantined += count(answer.quarantined);
        report.errors += count(answer.errors);
        sent += batch.length;
        options.onProgress?.(sent);
      } catch (error) {
        if (failure === undefined) {
          failure = error;
          abort.abort();
        }
        return;
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  if (failure !== undefined) throw failure;
  return report;
}

function parseAnswer(text: string): Record<string, unknown> {
  try {
    const answer: unknown = JSON.parse(text);
    if (answer && typeof answer === 'object' && !Array.isArray(answer)) return answer as Record<string, unknown>;
  } catch {
    // fall through to the error below, which shows what the server actually said
  }
  throw new Error(`ingest answered 2xx with an unexpected body: ${text.slice(0, 500)}`);
}

/** `errors` may come as a count or as a list of per-line problems. */
function count(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return Array.isArray(value) ? value.length : 0;
}

/** Exponential with jitter, so parallel senders that were throttled together don't return together. */
function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
function parseRetryAfter(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}
