import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;

/** Whole JSON lines, UTF-8 with a newline each, in one buffer: `buffer[start, ends.at(-1))`. */
export interface LineBatch {
  buffer: Buffer;
  /** Bytes before this offset were already delivered or dropped. */
  start: number;
  /** Offset just past each line still in the batch. */
  ends: number[];
}

export const batchBytes = (batch: LineBatch): Buffer => batch.buffer.subarray(batch.start, batch.ends.at(-1) ?? batch.start);

/** Drops the oldest `count` lines of a batch in place. */
export function dropFront(batch: LineBatch, count: number): void {
  if (count <= 0) return;
  batch.start = batch.ends[count - 1] ?? batch.start;
  batch.ends.splice(0, count);
  // Emptied, it starts over at 0: the packer appends the next line after `ends.at(-1) ?? 0`.
  if (batch.ends.length === 0) batch.start = 0;
}

/**
 * Encodes records into reusable buffers as they are written, so a sink holds compact bytes rather
 * than JS strings: strings kept until the next flush survive young-generation GC and slowed every
 * tool call of the recorded server, and a fresh buffer per write costs page faults. Lines are packed
 * into batches of at most `maxLines` lines and `chunkBytes` bytes (a longer line gets a batch alone).
 */
export class LinePacker {
  readonly ready: LineBatch[] = [];
  private current: LineBatch | null = null;
  private readonly pool: Buffer[] = [];
  private readyLines = 0;

  constructor(private readonly chunkBytes = 256 * 1024, private readonly maxLines = Number.POSITIVE_INFINITY) {}

  /** Lines held, sealed or not. */
  get lines(): number {
    return this.readyLines + (this.current?.ends.length ?? 0);
  }

  get currentLines(): number {
    return this.current?.ends.length ?? 0;
  }

  /** Encodes one line; returns its size in bytes, newline included. */
  push(line: string): number {
    const batch = this.room(line.length * 3 + 1); // UTF-8 needs at most 3 bytes per UTF-16 code unit
    const start = batch.ends.at(-1) ?? 0;
    return this.commit(batch, start, start + batch.buffer.write(line, start, 'utf8'));
  }

  /** Copies one line already encoded (`bytes[from, to)`, no newline); returns its size in bytes, newline included. */
  pushBytes(bytes: Uint8Array, from: number, to: number): number {
    const batch = this.room(to - from + 1);
    const start = batch.ends.at(-1) ?? 0;
    batch.buffer.set(from === 0 && to === bytes.length ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset + from, to - from), start);
    return this.commit(batch, start, start + to - from);
  }

  /** The batch to append a line of up to `worst` bytes to. */
  private room(worst: number): LineBatch {
    let batch = this.current;
    if (batch && (batch.ends.length >= this.maxLines || (batch.ends.at(-1) ?? 0) + worst > batch.buffer.length)) batch = this.seal();
    if (!batch) {
      const buffer = worst > this.chunkBytes ? Buffer.allocUnsafe(worst) : this.pool.pop() ?? Buffer.allocUnsafe(this.chunkBytes);
      batch = this.current = { buffer, start: 0, ends: [] };
    }
    return batch;
  }

  private commit(batch: LineBatch, start: number, end: number): number {
    batch.buffer[end++] = NEWLINE;
    batch.ends.push(end);
    return end - start;
  }

  /** Closes the current batch (if any) into `ready`. */
  seal(): null {
    if (this.current && this.current.ends.length > 0) {
      this.ready.push(this.current);
      this.readyLines += this.current.ends.length;
    } else if (this.current) this.release(this.current);
    this.current = null;
    return null;
  }

  /** The sealed batches, oldest first; the current one keeps filling. */
  takeReady(): LineBatch[] {
    this.readyLines = 0;
    return this.ready.splice(0);
  }

  /** Every batch, the current one sealed first, oldest first. */
  takeAll(): LineBatch[] {
    this.seal();
    return this.takeReady();
  }

  /** The oldest batch, sealing the current one if nothing else is waiting. */
  shift(): LineBatch | undefined {
    if (this.ready.length === 0) this.seal();
    const batch = this.ready.shift();
    if (batch) this.readyLines -= batch.ends.length;
    return batch;
  }

  /** Puts a batch back in front (its delivery failed and there is nowhere else to keep it). */
  unshift(batch: LineBatch): void {
    this.ready.unshift(batch);
    this.readyLines += batch.ends.length;
  }

  /** Drops up to `count` of the oldest lines; returns how many went. */
  dropOldest(count: number): number {
    let dropped = 0;
    while (dropped < count) {
      const oldest = this.ready[0] ?? this.current;
      if (!oldest || oldest.ends.length === 0) break;
      const take = Math.min(count - dropped, oldest.ends.length);
      dropFront(oldest, take);
      if (oldest !== this.current) this.readyLines -= take;
      dropped += take;
      if (oldest.ends.length === 0 && oldest !== this.current) this.release(this.ready.shift()!);
    }
    return dropped;
  }

  /** Hands a batch's buffer back for reuse once nothing refers to its bytes any more. */
  release(batch: LineBatch): void {
    if (batch.buffer.length === this.chunkBytes && this.pool.length < 8) this.pool.push(batch.buffer);
  }
}

/** Appends all of `data` through a handle opened for appending, looping over short writes; `progress.bytes` counts what got through. */
export async function writeAll(handle: FileHandle, data: Uint8Array, progress?: { bytes: number }): Promise<void> {
  for (let offset = 0; offset < data.length;) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    offset += bytesWritten;
    if (progress) progress.bytes = offset;
  }
}
