import { lstat, mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { dropFront, writeAll, type LineBatch } from './linePacker';

const NEWLINE = Buffer.from('\n');

/**
 * The file a JSONL sink appends to. Rotated by renaming (`path` → `path.1` → …) before it would grow past
 * `maxBytes` (a line alone in a fresh file always goes in), which Fluent Bit's `tail` and Vector's `file`
 * source follow. Only a regular file at the path itself is rotated: renaming a FIFO, a device or a symlink
 * (`/dev/stdout`) would move the node itself. Reopened when the path was removed or replaced under it.
 */
export class RotatingFile {
  private handle: FileHandle | null = null;
  private handleId = '';
  private size = 0;
  private rotatable = true;
  /** A write to a pipe or device failed part-way through a line: the next write ends that fragment first. */
  private fragmentOpen = false;

  constructor(readonly path: string, private readonly maxBytes: number, private readonly maxFiles: number, private readonly report: (error: Error) => void) {}

  /** Writes the batch whole, rotating on the way as needed; throws when the disk refuses, the unwritten lines left in the batch. */
  async append(batch: LineBatch): Promise<void> {
    const progress = { bytes: 0 };
    try {
      while (batch.ends.length > 0) {
        const file = await this.open();
        if (this.fragmentOpen) {
          await writeAll(file, NEWLINE);
          this.fragmentOpen = false;
        }
        // As many whole lines as fit under maxBytes; a line alone in a fresh file always goes in; all of them
        // where there is nothing to rotate.
        let count = this.rotatable ? 0 : batch.ends.length;
        while (count < batch.ends.length && (this.size + batch.ends[count]! - batch.start <= this.maxBytes || (this.size === 0 && count === 0))) count++;
        if (count > 0) {
          const end = batch.ends[count - 1]!;
          progress.bytes = 0;
          await writeAll(file, batch.buffer.subarray(batch.start, end), progress);
          this.size += end - batch.start;
          dropFront(batch, count);
          progress.bytes = 0;
        }
        if (batch.ends.length > 0) await this.rotate();
      }
    } catch (error) {
      await this.keepWholeLines(batch, progress.bytes);
      await this.handle?.close().catch(() => {});
      this.handle = null; // reopened on the next attempt: the directory may have been recreated meanwhile
      throw error;
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  /**
   * After a write cut short: a regular file is cut back to its last whole line (the lines are written again
   * whole, and a shipper must never read half a record). A pipe or device cannot take bytes back: the lines that
   * got through whole are delivered and leave the batch, and the half line is ended with a newline before the
   * next write, so that it stands alone as one unreadable line instead of spoiling the record written after it.
   */
  private async keepWholeLines(batch: LineBatch, bytesWritten: number): Promise<void> {
    if (bytesWritten === 0) return;
    if (this.rotatable) {
      await this.handle?.truncate(this.size).catch(() => {});
      return;
    }
    let whole = 0;
    while (whole < batch.ends.length && batch.ends[whole]! - batch.start <= bytesWritten) whole++;
    const partial = bytesWritten - ((whole > 0 ? batch.ends[whole - 1]! : batch.start) - batch.start);
    dropFront(batch, whole);
    this.fragmentOpen = partial > 0;
  }

  /** The open file, reopened when the path was removed or replaced meanwhile (the records would go nowhere). */
  private async open(): Promise<FileHandle> {
    if (this.handle && this.rotatable) {
      const onDisk = await stat(this.path).catch(() => null);
      if (onDisk && `${onDisk.dev}:${onDisk.ino}` === this.handleId) return this.handle;
      this.report(new Error(`${this.path} was removed or replaced; writing to a new file there`));
      await this.handle.close().catch(() => {});
      this.handle = null;
    }
    if (this.handle) return this.handle;
    await mkdir(path.dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a', 0o640);
    try {
      const [opened, atPath] = await Promise.all([handle.stat(), lstat(this.path)]);
      this.rotatable = opened.isFile() && atPath.isFile() && atPath.ino === opened.ino && atPath.dev === opened.dev;
      this.handleId = `${opened.dev}:${opened.ino}`;
      this.size = opened.size;
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    this.handle = handle;
    return handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    for (let index = this.maxFiles - 1; index >= 1; index--) {
      await rename(`${this.path}.${index}`, `${this.path}.${index + 1}`).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rename(this.path, `${this.path}.1`);
    this.size = 0;
  }
}
