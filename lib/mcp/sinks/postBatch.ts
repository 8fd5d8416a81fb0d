import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { asError } from './recordSink';
import { isRetryableStatus, parseRetryAfter, type Delivery } from './retryPolicy';

const gzip = promisify(gzipCallback);

export interface PostOptions {
  endpoint: string;
  token: string;
  gzip?: boolean;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Aborts the request early (the sink closing). */
  signal?: AbortSignal;
}

/** One POST of NDJSON lines to the ingest endpoint, and what the answer means for the sender. */
export async function postBatch(lines: Buffer, options: PostOptions): Promise<Delivery> {
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson', accept: 'application/json', authorization: `Bearer ${options.token}` };
  let bytes = lines;
  if (options.gzip) {
    bytes = await gzip(bytes);
    headers['content-encoding'] = 'gzip';
  }
  const body = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  // One controller and a timer of our own: on Node 20, AbortSignal.any() holds AbortSignal.timeout() only weakly, so
  // after a garbage collection the timeout never fired and a Warden that never answered held the sink for good.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
  const abandon = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) abandon();
  options.signal?.addEventListener('abort', abandon, { once: true });
  let response: Response;
  let answer: string;
  try {
    // Ingest never redirects: a redirect is a wrong URL or a sign-in proxy in the way, and following it would post
    // the records to (or GET them lost at) whatever the Location says.
    response = await options.fetch(options.endpoint, { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' });
    answer = await response.text();
  } catch (error) {
    const cause = asError(error).cause;
    return { kind: 'retry', reason: `${asError(error).message}${cause ? ` (${asError(cause).message})` : ''}` };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abandon);
  }
  if (response.status >= 200 && response.status < 300) {
    const summary = ingestSummary(answer);
    if (summary) return { kind: 'delivered', answer: summary };
    return { kind: 'retry', reason: `HTTP ${response.status} without an ingest summary (is ${options.endpoint} Warden's ingest endpoint?): ${answer.slice(0, 300)}` };
  }
  if (response.status >= 300 && response.status < 400) {
    return { kind: 'retry', reason: `HTTP ${response.status} redirect to ${response.headers.get('location') ?? '(no Location)'}: Warden's ingest endpoint does not redirect; check the sink's url` };
  }
  const reason = `HTTP ${response.status}: ${answer.slice(0, 300)}`;
  if (isRetryableStatus(response.status)) {
    return { kind: 'retry', reason, delayMs: parseRetryAfter(response.headers.get('retry-after'), 5 * 60_000) };
  }
  return { kind: 'rejected', reason, tooLarge: response.status === 413 };
}

/** The answer as ingest gives it (numeric accepted, duplicates and quarantined), or undefined. */
function ingestSummary(answer: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const summary = parsed as Record<string, unknown>;
  const counted = (key: string) => typeof summary[key] === 'number' && Number.isInteger(summary[key]) && (summary[key] as number) >= 0;
  return counted('accepted') && counted('duplicates') && counted('quarantined') ? summary : undefined;
}
