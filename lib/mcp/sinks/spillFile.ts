import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { asError, type ErrorReporter } from './recordSink';
import { batchBytes, LinePacker, writeAll, type LineBatch } from './linePacker';
import { claimSpillPath, type SpillPathClaim } from './spillPathClaim';

const NEWLINE = 0x0a;

/**
 * An append-only JSON-lines file that holds records while Warden cannot take them, read back from
 * the front as they are delivered and emptied once everything is through. Reads start at the
 * beginning in every new process, so after a crash some lines may be sent twice: ingest is exactly
 * once per record id, so that costs a duplicate count, never a duplicate record.
 *
 * Every file operation runs on one chain, in order; `end` counts bytes already queued, so callers
 * can decide synchronously whether the file still holds anything.
 */
export class SpillFile {
  readonly ready: Promise<void>;
  private ops: Promise<void>;
  private handle: FileHandle | null = null;
  private queue: { batch: LineBatch; release: (batch: LineBatch, written: boolean) => void }[] = [];
  private writeQueued = false;
  private end = 0;
  private readOffset = 0;
  /** Bytes the file holds: where a failed append is cut back to. */
  private fileSize = 0;
  private readonly packer = new LinePacker();
  private readBuffer = Buffer.allocUnsafe(0);
  private claim: SpillPathClaim | null = null;
  /** The file this sink spills to: `path`, or its own beside it when another sink holds `path`. */
  private file: string;

  constructor(readonly path: string, private readonly report: ErrorReporter) {
    this.file = path;
    this.ready = this.open().catch((error: unknown) => this.report(new Error(`cannot open spill file ${this.file}: ${asError(error).message}`)));
    this.ops = this.ready;
  }

  /** Bytes appended (or queued) and not yet delivered. */
  get pendingBytes(): number {
    return this.end - this.readOffset;
  }

  appendLine(line: string): void {
    this.end += this.packer.push(line);
    this.scheduleWrite();
  }

  /** Takes over an encoded batch (after anything appended before it); `release` gets it back once written (or not). */
  appendBatch(batch: LineBatch, release: (batch: LineBatch, written: boolean) => void): void {
    this.queueOwnLines();
    this.end += batchBytes(batch).length;
    this.queue.push({ batch, release });
    this.scheduleWrite();
  }

  private queueOwnLines(): void {
    for (const batch of this.packer.takeAll()) this.queue.push({ batch, release: (done) => this.packer.release(done) });
  }

  /** One write for everything appended until the chain gets here. */
  private scheduleWrite(): void {
    if (this.writeQueued) return;
    this.writeQueued = true;
    this.ops = this.ops.then(async () => {
      this.writeQueued = false;
      this.queueOwnLines();
      const queue = this.queue;
      this.queue = [];
      for (const { batch, release } of queue) {
        const bytes = batchBytes(batch);
        let written = false;
        try {
          if (!this.handle) throw new Error('the file is not open');
          await writeAll(this.handle, bytes);
          this.fileSize += bytes.length;
          written = true;
        } catch (error) {
          // Part of the batch may be in the file (a full disk cuts a write short): cut it off, or every later
          // record would be read from the wrong offset, the first glued to that fragment.
          await this.handle?.truncate(this.fileSize).catch(() => {});
          this.end -= bytes.length;
          this.report(new Error(`spill file ${this.file}: ${batch.ends.length} records could not be written and are lost: ${asError(error).message}`));
        }
        release(batch, written);
      }
    });
  }

  /**
   * Up to `maxLines` whole lines (about `maxBytes` at most, or one longer line) from the front, as
   * bytes: a view of a reused buffer, valid until the next call.
   */
  async readBatch(maxLines: number, maxBytes: number): Promise<{ bytes: Buffer; lines: number } | null> {
    await this.ops;
    const available = this.end - this.readOffset;
    if (available <= 0 || !this.handle) return null;
    let window = Math.min(available, maxBytes);
    for (;;) {
      if (this.readBuffer.length < window) this.readBuffer = Buffer.allocUnsafe(window); // reused: fresh buffers cost page faults
      const buffer = this.readBuffer;
      const { bytesRead } = await this.handle.read(buffer, 0, window, this.readOffset);
      let lines = 0;
      let end = 0;
      for (let at = buffer.indexOf(NEWLINE, 0); at !== -1 && at < bytesRead && lines < maxLines; at = buffer.indexOf(NEWLINE, end)) {
        if (at > end) lines++;
        end = at + 1;
      }
      if (end > 0) return { bytes: buffer.subarray(0, end), lines };
      if (window >= available) return null; // no complete line yet (cannot happen: lines are written whole)
      window = Math.min(available, window * 2);
    }
  }

  /** The front `bytes` were delivered; once nothing is left the file is emptied in place. */
  commit(bytes: number): void {
    this.readOffset += bytes;
    this.ops = this.ops.then(async () => {
      if (this.readOffset !== this.end || !this.handle) return;
      this.readOffset = 0;
      this.end = 0;
      this.fileSize = 0;
      await this.handle.truncate(0).catch((error: unknown) => this.report(asError(error)));
    });
  }

  /**
   * Passes over the front `bytes()` bytes without reading them (a copy that was delivered from elsewhere), once the
   * appends before this call are done: `bytes` is asked then, so a copy whose append failed can answer 0.
   */
  skipFront(bytes: () => number): void {
    this.ops = this.ops.then(() => {
      this.commit(Math.max(0, Math.min(bytes(), this.end - this.readOffset)));
    });
  }

  /** Resolves once every append so far is on disk (as far as the OS is concerned). */
  async settled(): Promise<void> {
    await this.ops;
  }

  async close(): Promise<void> {
    await this.ops;
    const empty = this.end === this.readOffset;
    await this.handle?.close().catch(() => {});
    this.handle = null;
    if (empty) await unlink(this.file).catch(() => {});
    await this.claim?.release();
    this.claim = null;
  }

  /** Appends the spill file of a sink whose process is gone (whole lines), then removes it and its lock. */
  private async adopt(orphan: string): Promise<void> {
    const source = await open(orphan, 'r').catch(() => null);
    if (!source || !this.handle) return; // another sink took it first
    try {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      let last = NEWLINE;
      for (let at = 0; ; ) {
        const { bytesRead } = await source.read(chunk, 0, chunk.length, at);
        if (bytesRead === 0) break;
        await writeAll(this.handle, chunk.subarray(0, bytesRead));
        last = chunk[bytesRead - 1]!;
        at += bytesRead;
      }
      if (last !== NEWLINE) await writeAll(this.handle, Buffer.from('\n'));
    } finally {
      await source.close();
    }
    await unlink(orphan).catch(() => {});
    await unlink(`${orphan}.lock`).catch(() => {});
  }

  private async open(): Promise<void> {
    await mkdir(path.dirname(this.path), { recursive: true });
    this.claim = await claimSpillPath(this.path);
    this.file = this.claim.path;
    if (this.claim.heldBy !== undefined) {
      this.report(new Error(`spill file ${this.path} is in use by process ${this.claim.heldBy}; this sink spills to ${this.file} (replayed by the next sink to claim ${this.path} once this process is gone). Give each process its own spillPath.`));
    }
    this.handle = await open(this.file, 'a+', 0o600);
    for (const orphan of this.claim.orphans) await this.adopt(orphan);
    const { size } = await this.handle.stat();
    this.end += size; // lines appended while the file was opening are already counted, and land after these bytes
    this.fileSize = size;
    if (size === 0) return;
    // A crash mid-append can leave half a line: close it so it travels (and is quarantined) as what it is.
    const last = Buffer.alloc(1);
    await this.handle.read(last, 0, 1, size - 1);
    if (last[0] !== NEWLINE) {
      await writeAll(this.handle, Buffer.from('\n'));
      this.end += 1;
      this.fileSize += 1;
    }
  }
}
