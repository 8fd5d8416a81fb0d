import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { asError, stderrReporter, type ErrorReporter, type RecordSink } from './recordSink';
import { dropFront, LinePacker, writeAll, type LineBatch } from './linePacker';

export interface JsonlFileSinkOptions {
  /** The file log shippers tail, e.g. /var/log/mcp/executions.jsonl. */
  path: string;
  /** Rotate before the file would grow past this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** Rotated files kept as `<path>.1` (newest) … `<path>.N` (default 5). */
  maxFiles?: number;
  /** Longest a record waits in memory before it is written (default 200 ms). */
  flushIntervalMs?: number;
  /** Lines kept in memory while the disk refuses writes; older ones are dropped, and reported, beyond this. */
  maxBufferedLines?: number;
  onError?: ErrorReporter;
}

/**
 * Appends one record per line, in batches, and rotates by renaming (`path` → `path.1` → …), which
 * is what Fluent Bit's `tail` (inode tracking, `Rotate_Wait`) and Vector's `file` source
 * (fingerprints) follow without losing or re-reading lines. A line is only ever written whole, so
 * a reader never sees half a record, and never into a file past `maxBytes` unless it is alone there.
 * A path that is not a regular file (a FIFO, `/dev/stdout`) is written to as it is and never rotated.
 */
export class JsonlFileSink implements RecordSink {
  /** Records are encoded as they arrive; a full 256 KiB chunk is written at once, a partial one after flushIntervalMs. */
  private readonly packer = new LinePacker();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private handle: FileHandle | null = null;
  private size = 0;
  /** Only a regular file is rotated: renaming a FIFO or a device (`/dev/stdout`, `/dev/null`) would move the node itself. */
  private rotatable = true;
  private closed = false;
  private failing = false;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly flushIntervalMs: number;
  private readonly maxBufferedLines: number;
  private readonly report: ErrorReporter;

  constructor(private readonly options: JsonlFileSinkOptions) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxFiles = Math.max(1, options.maxFiles ?? 5);
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBufferedLines = options.maxBufferedLines ?? 100_000;
    this.report = options.onError ?? stderrReporter('warden recorder (file sink)');
  }

  write(line: string): void {
    if (this.closed) {
      this.report(new Error(`record written after the file sink for ${this.options.path} was closed; dropped`));
      return;
    }
    this.packer.push(line);
    this.written();
  }

  writeBytes(bytes: Uint8Array, start: number, end: number): void {
    if (this.closed) {
      this.report(new Error(`record written after the file sink for ${this.options.path} was closed; dropped`));
      return;
    }
    this.packer.pushBytes(bytes, start, end);
    this.written();
  }

  private written(): void {
    // A chunk just filled up: write it, and only it. Sealing the line just started into a chunk of its own as
    // well would make every flush take a fresh 256 KiB buffer while both are in flight, and a fresh buffer
    // costs its page faults on the request path.
    if (this.packer.ready.length > 0) this.writeBatches(this.packer.takeReady());
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writeBatches(this.packer.takeAll());
    return this.chain;
  }

  private writeBatches(batches: LineBatch[]): void {
    if (batches.length > 0) this.chain = this.chain.then(() => this.writeOut(batches));
  }

  async close(): Promise<void> {
    if (this.closed) return this.chain;
    // Until quiet: a record written while a flush is under way extends the chain past what was awaited.
    // Lines kept after a failed write stay behind (and are reported below): the disk has said no.
    for (let awaited: Promise<void> | undefined; awaited !== this.chain || (this.packer.lines > 0 && !this.failing);) {
      awaited = this.flush();
      await awaited;
    }
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const lost = this.packer.takeAll().reduce((sum, batch) => sum + batch.ends.length, 0);
    if (lost > 0) this.report(new Error(`file sink closed with ${lost} records it could not write to ${this.options.path}; they are lost`));
    await this.handle?.close().catch((error: unknown) => this.report(asError(error)));
    this.handle = null;
  }

  private async writeOut(batches: LineBatch[]): Promise<void> {
    for (let index = 0; index < batches.length; index++) {
      const batch = batches[index]!;
      try {
        while (batch.ends.length > 0) {
          const file = await this.openFile();
          // As many whole lines as fit under maxBytes; a line alone in a fresh file always goes in; all of them
          // where there is nothing to rotate.
          let count = this.rotatable ? 0 : batch.ends.length;
          while (count < batch.ends.length && (this.size + batch.ends[count]! - batch.start <= this.maxBytes || (this.size === 0 && count === 0))) count++;
          if (count > 0) {
            const end = batch.ends[count - 1]!;
            await writeAll(file, batch.buffer.subarray(batch.start, end));
            this.size += end - batch.start;
            dropFront(batch, count);
          }
          if (batch.ends.length > 0) await this.rotate();
        }
        this.packer.release(batch);
        this.failing = false;
      } catch (error) {
        this.failing = true;
        // A write cut short (the disk filled up mid-chunk) left part of a line: cut the file back to its last whole
        // line, since the chunk is written again whole, and a shipper must never read half a record.
        if (this.rotatable) await this.handle?.truncate(this.size).catch(() => {});
        this.keepForRetry(batches.slice(index));
        this.report(new Error(`cannot write ${this.options.path}: ${asError(error).message}`));
        await this.handle?.close().catch(() => {});
        this.handle = null; // reopened on the next flush: the directory may have been recreated meanwhile
        return;
      }
    }
  }

  private keepForRetry(batches: LineBatch[]): void {
    for (const batch of [...batches].reverse()) this.packer.unshift(batch);
    const excess = this.packer.lines - this.maxBufferedLines;
    if (excess > 0) {
      this.packer.dropOldest(excess);
      this.report(new Error(`file sink for ${this.options.path}: disk unavailable, dropped the ${excess} oldest records`));
    }
    if (!this.timer && !this.closed) {
      this.timer = setTimeout(() => void this.flush(), Math.max(this.flushIntervalMs, 1000));
      this.timer.unref();
    }
  }
  private async openFile(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await mkdir(path.dirname(this.options.path), { recursive: true });
    this.handle = await open(this.options.path, 'a', 0o640);
    const stat = await this.handle.stat();
    this.size = stat.size;
    this.rotatable = stat.isFile();
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    const file = this.options.path;
    for (let index = this.maxFiles - 1; index >= 1; index--) {
      await rename(`${file}.${index}`, `${file}.${index + 1}`).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rename(file, `${file}.1`);
    this.size = 0;
  }
}

export function jsonlFileSink(options: JsonlFileSinkOptions): JsonlFileSink {
  return new JsonlFileSink(options);
}
