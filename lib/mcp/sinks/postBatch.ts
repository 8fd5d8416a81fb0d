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
  let response: Response;
  let answer: string;
  try {
    response = await options.fetch(options.endpoint, { method: 'POST', headers, body, signal: options.signal ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]) : AbortSignal.timeout(options.timeoutMs) });
    answer = await response.text();
  } catch (error) {
    const cause = asError(error).cause;
    return { kind: 'retry', reason: `${asError(error).message}${cause ? ` (${asError(cause).message})` : ''}` };
  }
  if (response.ok) {
    try {
      return { kind: 'delivered', answer: JSON.parse(answer) as Record<string, unknown> };
    } catch {
      return { kind: 'delivered', answer: {} };
    }
  }
  const reason = `HTTP ${response.status}: ${answer.slice(0, 300)}`;
  if (isRetryableStatus(response.status)) {
    return { kind: 'retry', reason, delayMs: parseRetryAfter(response.headers.get('retry-after'), 5 * 60_000) };
  }
  return { kind: 'rejected', reason };
}
