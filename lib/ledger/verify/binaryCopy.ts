/**
 * Rows of a `COPY … TO STDOUT (FORMAT binary)` stream. Binary rather than text, and COPY rather
 * than a query, because node-postgres turns every field of every row into a JS string first:
 * at a million rows that alone was slower than the rest of verification. Here bytea arrives as
 * its bytes, numbers and timestamps as exact binary values, and text is decoded only when used.
 */
export interface CopyRow {
  /** The bytes holding this row's fields; field i is buffer[start[i], end[i]). */
  buffer: Buffer;
  start: Int32Array;
  /** end[i] is -1 for SQL NULL. */
  end: Int32Array;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class CopyFormatError extends Error {}

/**
 * Splits a binary COPY stream into rows, chunk by chunk, calling `onRow` with a view that is reused
 * for the next row: read (or copy) what you need before returning, as the chunk may be reused too.
 * Synchronous per chunk so that a million rows do not cost a million promise round trips.
 */
export class BinaryCopyParser {
  readonly #row: CopyRow;
  readonly #columns: number;
  #pending: Buffer | null = null;
  #headerRead = false;
  #finished = false;

  constructor(columns: number) {
    this.#columns = columns;
    this.#row = { buffer: Buffer.alloc(0), start: new Int32Array(columns), end: new Int32Array(columns) };
  }

  /** Whether the next byte pushed starts a row (the header read, nothing pending, the trailer not seen). */
  get atRowStart(): boolean {
    return this.#headerRead && this.#pending === null && !this.#finished;
  }

  push(chunk: Buffer, onRow: (row: CopyRow) => void): void {
    let position = 0;
    // Only the row cut by the chunk boundary is assembled: copying whole chunks cost more than parsing them.
    for (let take = Math.min(chunk.length, 4096); this.#pending; take = Math.min(chunk.length, take * 2)) {
      const joined = Buffer.concat([this.#pending, chunk.subarray(0, take)]);
      const used = this.#rows(joined, onRow, true);
      if (used >= this.#pending.length) {
        position = used - this.#pending.length;
        this.#pending = null;
      } else if (take === chunk.length) {
        this.#pending = joined.subarray(used);
        return;
      } else {
        this.#pending = this.#pending.subarray(used);
      }
    }
    const used = this.#rows(position === 0 ? chunk : chunk.subarray(position), onRow, false);
    // Copied: the chunk may be a view of a buffer its owner reuses once this returns.
    this.#pending = position + used < chunk.length ? Buffer.from(chunk.subarray(position + used)) : null;
  }

  /** Calls onRow for the complete rows at the start of `buffer` (just the first if `one`); returns the bytes used. */
  #rows(buffer: Buffer, onRow: (row: CopyRow) => void, one: boolean): number {
    let position = 0;
    if (!this.#headerRead) {
      if (buffer.length < SIGNATURE.length + 8) return 0;
      if (!buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new CopyFormatError('not a binary COPY stream');
      const headerEnd = SIGNATURE.length + 8 + buffer.readInt32BE(SIGNATURE.length + 4);
      if (buffer.length < headerEnd) return 0;
      position = headerEnd;
      this.#headerRead = true;
    }
    const row = this.#row;
    row.buffer = buffer;
    while (!this.#finished) {
      const next = this.#rowEnd(buffer, position);
      if (next < 0) break;
      if (next === position + 2) this.#finished = true;
      else onRow(row);
      position = next;
      if (one) break;
    }
    return position;
  }

  /** Throws unless the stream held a whole COPY (header, rows, trailer) and nothing after it. */
  end(): void {
    if (!this.#finished || this.#pending) throw new CopyFormatError('binary COPY stream ended early');
  }

  /** Fills the row view with the row at `position`; returns where it ends, or -1 if incomplete. */
  #rowEnd(buffer: Buffer, position: number): number {
    if (position + 2 > buffer.length) return -1;
    const count = buffer.readInt16BE(position);
    if (count === -1) return position + 2;
    if (count !== this.#columns) throw new CopyFormatError(`expected ${this.#columns} columns, got ${count}`);
    let at = position + 2;
    const { start, end } = this.#row;
    for (let column = 0; column < count; column++) {
      if (at + 4 > buffer.length) return -1;
      const length = buffer.readInt32BE(at);
      at += 4;
      start[column] = at;
      if (length === -1) {
        end[column] = -1;
        continue;
      }
      if (at + length > buffer.length) return -1;
      at += length;
      end[column] = at;
    }
    return at;
  }
}
