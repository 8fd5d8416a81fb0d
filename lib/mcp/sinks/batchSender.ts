import { open } from 'node:fs/promises';
import { writeAll } from './linePacker';
import { postBatch } from './postBatch';
import { asError, type ErrorReporter } from './recordSink';
import type { Delivery } from './retryPolicy';
import type { HttpSinkOptions, HttpSinkStats } from './httpSinkOptions';

export type Retry = Extract<Delivery, { kind: 'retry' }>;

/**
 * Sends one batch of an HTTP sink to ingest and settles what comes back: counts, quarantine reports,
 * batches Warden refuses for good kept in `<spillPath>.rejected`. What is to be tried again is the sink's.
 */
export class BatchSender {
  readonly endpoint: string;
  /** Aborts requests still in flight (the sink closing past its deadline). */
  readonly abort = new AbortController();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpSinkOptions, private readonly counts: Omit<HttpSinkStats, 'queued' | 'spillBytes'>, private readonly report: ErrorReporter) {
    const url = new URL(options.url);
    this.endpoint = url.pathname === '/' || url.pathname === '' ? new URL('/api/v1/ingest', url).toString() : url.toString();
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * Delivers `lines` (`count` of them), or dead-letters what Warden refuses for good; answers the failure to retry on,
   * if any. A body too large for something on the way (413) is sent again in halves, down to a single line: after a
   * partial success the whole batch is retried, which costs duplicates only (ingest stores each id once).
   * `lines` may be a view of a reused buffer: nothing touches it again before this resolves.
   */
  async send(lines: Buffer, count: number): Promise<Retry | undefined> {
    const delivery = await this.deliver(lines);
    if (delivery.kind === 'retry') return delivery;
    if (delivery.kind === 'rejected' && delivery.tooLarge && count > 1) {
      const [first, firstCount] = firstHalf(lines, count);
      return (await this.send(first, firstCount)) ?? (await this.send(lines.subarray(first.length), count - firstCount));
    }
    if (delivery.kind === 'rejected') await this.deadLetter(lines, count, delivery.reason);
    else this.count(delivery.answer, count);
    return undefined;
  }

  private deliver(lines: Buffer): Promise<Delivery> {
    this.counts.requests++;
    return postBatch(lines, {
      endpoint: this.endpoint, token: this.options.token, gzip: this.options.gzip, timeoutMs: this.options.requestTimeoutMs ?? 30_000, fetch: this.fetchImpl, signal: this.abort.signal,
    });
  }

  private count(answer: Record<string, unknown>, sent: number): void {
    const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
    this.counts.accepted += number(answer.accepted);
    this.counts.duplicates += number(answer.duplicates);
    const quarantined = number(answer.quarantined);
    this.counts.quarantined += quarantined;
    if (quarantined > 0) this.report(new Error(`Warden quarantined ${quarantined} of ${sent} records: ${JSON.stringify(answer.errors ?? []).slice(0, 500)}`));
  }

  private async deadLetter(bytes: Buffer, lines: number, reason: string): Promise<void> {
    this.counts.rejected += lines;
    const where = this.options.spillPath ? `${this.options.spillPath}.rejected` : undefined;
    this.report(new Error(`Warden refused ${lines} records (${reason})${where ? `; kept in ${where}` : '; they are lost'}`));
    if (!where) return;
    try {
      const file = await open(where, 'a', 0o600);
      await writeAll(file, bytes).finally(() => file.close());
    } catch (error) {
      this.report(asError(error));
    }
  }
}

/** The first half of a batch's lines (at least one), and how many they are. */
function firstHalf(lines: Buffer, count: number): [Buffer, number] {
  const wanted = Math.max(1, Math.floor(count / 2));
  let end = 0;
  let taken = 0;
  while (taken < wanted) {
    const at = lines.indexOf(0x0a, end);
    if (at === -1) break;
    if (at > end) taken++; // an empty line is not a record
    end = at + 1;
  }
  return [lines.subarray(0, end), taken];
}
