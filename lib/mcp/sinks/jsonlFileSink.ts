import { asError, stderrReporter, type ErrorReporter, type RecordSink } from './recordSink';
import { LinePacker, type LineBatch } from './linePacker';
import { RotatingFile } from './rotatingFile';

export interface JsonlFileSinkOptions {
  /** The file log shippers tail, e.g. /var/log/mcp/executions.jsonl. */
  path: string;
  /** Rotate before the file would grow past this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** Rotated files kept as `<path>.1` (newest) … `<path>.N` (default 5). */
  maxFiles?: number;
  /** Longest a record waits in memory before it is written (default 200 ms). */
  flushIntervalMs?: number;
  /**
   * Lines waiting in memory at most (for the disk to take them, or to come back); beyond this the oldest are dropped,
   * and reported (default 100,000, at least 1). The batch being written is not counted until it fails.
   */
  maxBufferedLines?: number;
  onError?: ErrorReporter;
}

/** After a failed write the next attempt waits this long at least (every record would otherwise retry at once). */
const RETRY_MS = 1000;
/** Dropped records are reported at most this often (they are dropped one write at a time). */
const DROP_REPORT_MS = 1000;

/**
 * Appends one record per line, in batches, and rotates by renaming (`path` → `path.1` → …), which
 * is what Fluent Bit's `tail` (inode tracking, `Rotate_Wait`) and Vector's `file` source
 * (fingerprints) follow without losing or re-reading lines. A line is only ever written whole, so
 * a reader never sees half a record, and never into a file past `maxBytes` unless it is alone there.
 * A path that is not a regular file (a FIFO, a symlink such as `/dev/stdout`) is written through as it is and never
 * rotated. One writer at a time takes the oldest batch, so lines reach the file in the order they were recorded,
 * across failed writes and retries too.
 */
export class JsonlFileSink implements RecordSink {
  /** Records are encoded as they arrive; a full 256 KiB chunk is written at once, a partial one after flushIntervalMs. */
  private readonly packer = new LinePacker();
  private timer: NodeJS.Timeout | undefined;
  /** The writer, while it runs: it writes ready batches, oldest first, until none is left or a write fails. */
  private writing: Promise<void> | null = null;
  private readonly file: RotatingFile;
  private closed = false;
  private failing = false;
  /** Records taken, and records written or dropped, since the start: a flush waits for the count it saw. */
  private pushed = 0;
  private done = 0;
  private progress: (() => void)[] = [];
  private dropped = 0;
  private dropReportedAt = 0;
  private readonly flushIntervalMs: number;
  private readonly maxBufferedLines: number;
  private readonly reportTo: ErrorReporter;

  constructor(private readonly options: JsonlFileSinkOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBufferedLines = Math.max(1, options.maxBufferedLines ?? 100_000);
    this.reportTo = options.onError ?? stderrReporter('warden recorder (file sink)');
    this.file = new RotatingFile(options.path, options.maxBytes ?? 64 * 1024 * 1024, Math.max(1, options.maxFiles ?? 5), (error) => this.report(error));
  }

  write(line: string): void {
    if (this.closed) {
      this.report(new Error(`record written after the file sink for ${this.options.path} was closed; dropped`));
      return;
    }
    this.packer.push(line);
    this.pushed++;
    this.written();
  }

  writeBytes(bytes: Uint8Array, start: number, end: number): void {
    if (this.closed) {
      this.report(new Error(`record written after the file sink for ${this.options.path} was closed; dropped`));
      return;
    }
    this.packer.pushBytes(bytes, start, end);
    this.pushed++;
    this.written();
  }

  private written(): void {
    if (this.packer.lines > this.maxBufferedLines) this.overLimit();
    // A chunk just filled up: write it, and only it. Sealing the line just started into a chunk of its own as
    // well would make every flush take a fresh 256 KiB buffer while both are in flight, and a fresh buffer
    // costs its page faults on the request path. While the disk refuses writes, the retry timer decides.
    if (this.packer.ready.length > 0 && !this.failing) this.startWriter();
    // The lines of the chunk still filling go out within flushIntervalMs, whatever the writer is doing meanwhile.
    if (!this.timer && this.packer.currentLines > 0) this.schedule(this.flushIntervalMs);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.packer.seal();
    this.startWriter();
    return this.settled(this.pushed);
  }

  /**
   * Until the first `lines` records ever written are on disk (or dropped), or the writer stopped (a write failed:
   * the lines wait for the retry). Not until the writer is idle: under steady load it may never be.
   */
  private async settled(lines: number): Promise<void> {
    while (this.writing && this.done < lines) await new Promise<void>((resolve) => this.progress.push(resolve));
  }

  private progressed(): void {
    const waiting = this.progress.splice(0);
    for (const resolve of waiting) resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Until quiet: a record written while a flush is under way extends the writer's work past what was awaited.
    // Lines kept after a failed write stay behind (and are reported below): the disk has said no.
    do await this.flush();
    while (this.packer.lines > 0 && !this.failing);
    this.closed = true;
    // A batch of records that came during the flushes may still be on its way: the file stays open until it is written.
    while (this.writing) await this.writing;
    if (this.timer) clearTimeout(this.timer);
    this.reportDropped(true);
    const lost = this.packer.lines;
    if (lost > 0) this.report(new Error(`file sink closed with ${lost} records it could not write to ${this.options.path}; they are lost`));
    await this.file.close().catch((error: unknown) => this.report(asError(error)));
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref();
  }

  private startWriter(): void {
    if (this.writing || this.packer.ready.length === 0) return;
    this.writing = this.writeReady()
      .catch((error: unknown) => this.report(asError(error)))
      .finally(() => {
        this.writing = null;
        // A batch sealed between the writer's last look and now: `settled` awaits the writer that takes it.
        if (!this.failing) this.startWriter();
        this.progressed();
      });
  }

  private async writeReady(): Promise<void> {
    while (this.packer.ready.length > 0) {
      const batch = this.packer.shift()!;
      const lines = batch.ends.length;
      const written = await this.writeBatch(batch);
      // What left the batch is on disk (or through the pipe), also when the write failed part-way.
      this.done += lines - batch.ends.length;
      this.progressed();
      if (!written) {
        // The oldest lines, so back in front: the retry writes them before anything newer.
        this.packer.unshift(batch);
        this.failing = true;
        if (this.packer.lines > this.maxBufferedLines) this.dropExcess();
        if (!this.closed) {
          if (this.timer) clearTimeout(this.timer);
          this.schedule(Math.max(this.flushIntervalMs, RETRY_MS));
        }
        return;
      }
      this.packer.release(batch);
      this.failing = false;
    }
    this.reportDropped(false);
  }

  /** False, with the unwritten lines left in the batch, when the disk refused. */
  private async writeBatch(batch: LineBatch): Promise<boolean> {
    try {
      await this.file.append(batch);
      return true;
    } catch (error) {
      this.report(new Error(`cannot write ${this.options.path}: ${asError(error).message}`));
      return false;
    }
  }

  /** Over maxBufferedLines: what can be written goes to the writer first; what still waits beyond it is dropped, oldest first. */
  private overLimit(): void {
    if (!this.failing && !this.writing) {
      this.packer.seal();
      this.startWriter();
    }
    if (this.packer.lines > this.maxBufferedLines) this.dropExcess();
  }

  private dropExcess(): void {
    const dropped = this.packer.dropOldest(this.packer.lines - this.maxBufferedLines);
    this.dropped += dropped;
    this.done += dropped;
    this.reportDropped(false);
  }

  private reportDropped(now: boolean): void {
    if (this.dropped === 0) return;
    const at = Date.now();
    if (!now && at - this.dropReportedAt < DROP_REPORT_MS) return;
    this.dropReportedAt = at;
    this.report(new Error(`file sink for ${this.options.path}: more than ${this.maxBufferedLines} records waiting (the disk is refusing writes or not keeping up); dropped the ${this.dropped} oldest`));
    this.dropped = 0;
  }

  /** Never throws: a reporter that fails must not take the writer (or the server) down with it. */
  private report(error: Error): void {
    try {
      this.reportTo(error);
    } catch {
      // nothing sensible is left to do
    }
  }
}

export function jsonlFileSink(options: JsonlFileSinkOptions): JsonlFileSink {
  return new JsonlFileSink(options);
}
