import { asError, stderrReporter, type ErrorReporter, type RecordSink } from './recordSink';
import { BatchSender } from './batchSender';
import { backoffMs } from './retryPolicy';
import { batchBytes, LinePacker, type LineBatch } from './linePacker';
import { SpillFile } from './spillFile';
import type { HttpSinkOptions, HttpSinkStats } from './httpSinkOptions';

export type { HttpSinkOptions, HttpSinkStats } from './httpSinkOptions';

interface Batch {
  bytes: Buffer;
  lines: number;
  done(): void;
  putBack(): void;
}

/**
 * Batches records to POST /api/v1/ingest as NDJSON with a bearer token. Unavailability (network
 * errors, 408, 429, 5xx) is retried with exponential back-off, honouring Retry-After; while Warden is
 * down new records go straight to the spill file, so memory stays flat and a crash loses nothing
 * already handed over. Resending is always safe: ingest stores each record id exactly once.
 */
export class HttpSink implements RecordSink {
  /** Records waiting in memory, already encoded into batches (compact, and no strings kept alive for the GC). */
  private readonly memory: LinePacker;
  private down = false;
  private attempt = 0;
  private retryAt = 0;
  private pumping: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private closed = false;
  private readonly counts: Omit<HttpSinkStats, 'queued' | 'spillBytes'> = { accepted: 0, duplicates: 0, quarantined: 0, requests: 0, retries: 0, spilled: 0, rejected: 0, dropped: 0 };
  private readonly spill: SpillFile | null;
  private readonly report: ErrorReporter;
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  /** One request's body at most, from memory and from the spill file alike (a proxy's 1 MiB body limit is common). */
  private readonly requestBytes: number;
  private readonly maxQueue: number;
  private readonly sender: BatchSender;
  /** The batch from memory whose request is under way, and the bytes of its copy at the head of the spill file, if any. */
  private inFlight: { batch: LineBatch; spilledBytes: number } | null = null;

  constructor(private readonly options: HttpSinkOptions) {
    this.report = options.onError ?? stderrReporter('warden recorder (http sink)');
    this.batchSize = options.batchSize ?? 500;
    this.maxBatchBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.requestBytes = Math.min(this.maxBatchBytes, 1024 * 1024);
    this.memory = new LinePacker(this.requestBytes, this.batchSize);
    this.sender = new BatchSender(options, this.counts, this.report);
    this.spill = options.spillPath ? new SpillFile(options.spillPath, this.report) : null;
    // Whatever an earlier run left in the spill file goes first.
    void this.spill?.ready.then(() => this.kick());
  }

  write(line: string): void {
    if (this.closed) {
      this.report(new Error('record written after the http sink was closed; dropped'));
      this.counts.dropped++;
      return;
    }
    if (this.spill && this.down) {
      this.spill.appendLine(line);
      this.counts.spilled++;
      return;
    }
    this.memory.push(line);
    this.queued();
  }

  writeBytes(bytes: Uint8Array, start: number, end: number): void {
    // Closed or spilling: the rare paths, kept as they are for lines.
    if (this.closed || (this.spill && this.down)) {
      this.write(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'));
      return;
    }
    this.memory.pushBytes(bytes, start, end);
    this.queued();
  }

  private queued(): void {
    if (this.memory.lines > this.maxQueue) this.overflow();
    if (this.memory.ready.length > 0) this.kick();
    else this.arm(this.options.flushIntervalMs ?? 1000);
  }

  stats(): HttpSinkStats {
    return { ...this.counts, queued: this.memory.lines, spillBytes: this.spill?.pendingBytes ?? 0 };
  }

  /** Sends what is queued; if Warden is down, what is queued is in the spill file when this resolves. */
  async flush(): Promise<void> {
    this.kick();
    await this.pumping;
    if (this.down && this.spill) this.moveMemoryToSpill();
    await this.spill?.settled();
  }

  /** Keeps trying for `closeTimeoutMs`, then leaves anything undelivered in the spill file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    const deadline = performance.now() + (this.options.closeTimeoutMs ?? 10_000);
    // A request in flight is waited for only until the deadline: a Warden that takes connections and never answers
    // would otherwise hold close() for the whole request timeout, past any shutdown grace period.
    const untilDeadline = async (work: Promise<void> | null) => {
      if (!work) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - performance.now()))))]);
      clearTimeout(timer);
    };
    this.retryAt = 0;
    await untilDeadline(this.pumping); // a batch already in flight is not in the queue any more, but not delivered yet either
    while (this.hasWork() && !this.pumping && performance.now() < deadline) {
      this.kick();
      await untilDeadline(this.pumping);
      if (this.down && this.hasWork() && !this.pumping) await sleep(Math.min(Math.max(0, this.retryAt - Date.now()), deadline - performance.now()));
    }
    if (this.pumping) {
      // Past the deadline: the batch in flight comes back (into the spill file) instead of leaving with the process.
      this.sender.abort.abort(new Error('http sink closing'));
      await this.pumping;
    }
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.memory.lines > 0) {
      if (this.spill) this.moveMemoryToSpill();
      else {
        const lost = this.memory.dropOldest(this.memory.lines);
        this.counts.dropped += lost;
        this.report(new Error(`http sink closed with ${lost} undelivered records and no spill file; they are lost`));
      }
    }
    await this.spill?.close();
  }

  private hasWork(): boolean {
    return this.memory.lines > 0 || (this.spill?.pendingBytes ?? 0) > 0;
  }

  private arm(delayMs: number): void {
    if (this.timer || this.pumping || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delayMs);
    this.timer.unref();
  }

  private kick(): void {
    if (this.pumping) return;
    // Timers may fire a millisecond before Date.now() reaches retryAt: wait out the rest, never drop the retry.
    const wait = this.closing ? 0 : this.retryAt - Date.now();
    if (wait > 0) return this.arm(wait);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pumping = this.pump().catch((error: unknown) => this.report(asError(error))).finally(() => {
      this.pumping = null;
      if (this.closing || !this.hasWork()) return;
      this.arm(this.down ? Math.max(0, this.retryAt - Date.now()) : 0);
    });
  }

  /** Delivers batch after batch; stops at the first retryable failure (the timer tries again later). */
  private async pump(): Promise<void> {
    for (;;) {
      const batch = await this.nextBatch();
      if (!batch) return;
      const retry = await this.sender.send(batch.bytes, batch.lines);
      if (retry) {
        // Once per outage, so a wrong URL or token is not a silent retry loop; the sink says when it gives up for good.
        if (!this.down) this.report(new Error(`Warden did not take ${batch.lines} records (${retry.reason}); retrying with back-off${this.spill ? ', new records kept in the spill file meanwhile' : ''}`));
        this.down = true;
        batch.putBack();
        this.counts.retries++;
        // Retry-After can only make the wait longer: a `0` from a struggling proxy must not turn this into a busy loop.
        const backoff = backoffMs(this.attempt++, this.options.firstBackoffMs ?? 250, this.options.maxBackoffMs ?? 30_000);
        this.retryAt = Date.now() + Math.max(retry.delayMs ?? 0, backoff);
        return;
      }
      batch.done();
      this.down = false;
      this.attempt = 0;
    }
  }

  private async nextBatch(): Promise<Batch | null> {
    const spill = this.spill;
    // Until the file is open its earlier contents are not counted yet, and they go before anything new.
    if (spill) await spill.ready;
    if (spill && spill.pendingBytes > 0) {
      const read = await spill.readBatch(this.batchSize, this.requestBytes);
      if (read) return { bytes: read.bytes, lines: read.lines, done: () => spill.commit(read.bytes.length), putBack: () => {} };
    }
    const batch = this.memory.shift();
    if (!batch) return null;
    const inFlight = (this.inFlight = { batch, spilledBytes: 0 });
    return {
      bytes: batchBytes(batch),
      lines: batch.ends.length,
      done: () => {
        this.inFlight = null;
        // Its copy heads the spill file (see overflow): delivered, it is passed over there.
        if (inFlight.spilledBytes > 0) this.spill?.skipFront(() => inFlight.spilledBytes);
        this.memory.release(batch);
      },
      putBack: () => {
        this.inFlight = null;
        if (inFlight.spilledBytes > 0) return this.memory.release(batch); // its copy waits first in the spill file
        this.memory.unshift(batch);
        if (this.spill) this.moveMemoryToSpill();
        else if (this.memory.lines > this.maxQueue) this.overflow();
      },
    };
  }

  private moveMemoryToSpill(): void {
    if (!this.spill) return;
    for (const batch of this.memory.takeAll()) {
      this.counts.spilled += batch.ends.length;
      this.spill.appendBatch(batch, (done) => this.memory.release(done));
    }
  }

  private overflow(): void {
    if (this.spill) {
      // A batch from memory in flight goes into the file first, as a copy: should its request fail, it must be sent
      // again before the records that came after it, not behind them.
      const inFlight = this.inFlight;
      if (inFlight && inFlight.spilledBytes === 0) {
        const { batch } = inFlight;
        const copy: LineBatch = { buffer: Buffer.from(batchBytes(batch)), start: 0, ends: batch.ends.map((end) => end - batch.start) };
        inFlight.spilledBytes = copy.buffer.length;
        this.counts.spilled += copy.ends.length;
        this.spill.appendBatch(copy, (_copy, written) => {
          if (!written) inFlight.spilledBytes = 0; // nothing to pass over (the spill file reported the loss)
        });
      }
      return this.moveMemoryToSpill();
    }
    const excess = this.memory.dropOldest(this.memory.lines - this.maxQueue);
    this.counts.dropped += excess;
    this.report(new Error(`http sink queue full (${this.maxQueue}) and no spill file: dropped the ${excess} oldest records`));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export function httpSink(options: HttpSinkOptions): HttpSink {
  return new HttpSink(options);
}
