import type { Socket } from 'node:net';
import type pg from 'pg';

/** What node-postgres hands a custom query (a "Submittable", as pg-cursor and pg-query-stream are). */
interface PgConnection {
  stream: Socket;
  query(text: string): void;
}

type DataListener = (chunk: Buffer) => void;

const COPY_DATA = 0x64; // 'd'
const COPY_OUT_RESPONSE = 0x48; // 'H'
const HEADER = 5; // type byte and 32-bit length (which counts itself)

/**
 * `COPY … TO STDOUT` as a node-postgres Submittable: every CopyData payload (one row each) goes to
 * `onData`, with no stream, no buffering and no per-row copy in between (pg-copy-streams' buffering
 * and concatenation cost more per row than parsing the row).
 *
 * While the rows arrive it reads the socket itself: node-postgres's parser made a message object, a
 * Buffer view and an event per row, about 0.8 µs a row of verification's time. From the first other
 * message on (CopyDone, an error, …) node-postgres's own listener has the socket back, from that
 * message's first byte, and sees the end of the query as usual. Where the socket does not have
 * exactly node-postgres's one data listener, node-postgres parses throughout (handleCopyData).
 *
 * Payloads are views of a read buffer that is reused: use them before returning.
 * Backpressure: `pause()` stops reading the socket, `resume()` reads on.
 */
export class CopyOutQuery implements pg.Submittable {
  readonly done: Promise<void>;
  #socket: Socket | null = null;
  #paused = false;
  #error: Error | null = null;
  #settle!: (error: Error | null) => void;
  #parserListener: DataListener | null = null;
  #ownListener: DataListener | null = null;
  /** The start of a CopyData message cut off at the end of the last read. */
  #partial: Buffer | null = null;
  /** Messages this query read from the socket itself, for tests. */
  rowsReadDirectly = 0;
  /** Off: node-postgres parses every message (tests and benchmarks compare the two paths). */
  static readSocketDirectly = true;

  constructor(private readonly text: string, private readonly onData: (payload: Buffer) => void) {
    this.done = new Promise((resolve, reject) => {
      this.#settle = (error) => (error ? reject(error) : resolve());
    });
    this.done.catch(() => {}); // the caller awaits it; never an unhandled rejection meanwhile
  }

  submit(connection: unknown): void {
    const pgConnection = connection as PgConnection;
    const socket = pgConnection.stream;
    this.#socket = socket;
    const listeners = socket.listeners('data');
    if (CopyOutQuery.readSocketDirectly && listeners.length === 1) {
      this.#parserListener = listeners[0] as DataListener;
      this.#ownListener = (chunk) => this.#read(chunk);
      socket.removeListener('data', this.#parserListener);
      socket.on('data', this.#ownListener);
    }
    pgConnection.query(this.text);
  }

  #read(chunk: Buffer): void {
    let at = this.#partial ? this.#completePartial(chunk) : 0;
    while (at < chunk.length) {
      const type = chunk[at]!;
      if (type !== COPY_DATA && type !== COPY_OUT_RESPONSE) return this.#handBack(chunk.subarray(at));
      if (chunk.length - at < HEADER) break;
      const end = at + 1 + chunk.readUInt32BE(at + 1);
      if (end > chunk.length) break;
      if (type === COPY_DATA) {
        this.rowsReadDirectly++;
        this.#deliver(chunk.subarray(at + HEADER, end));
      }
      at = end;
    }
    // Kept as a copy: the socket's chunk is not ours to hold on to.
    if (at < chunk.length) this.#partial = Buffer.from(chunk.subarray(at));
  }

  /** Completes the message cut off at the end of the last read with the start of `chunk`; how much of `chunk` that took. */
  #completePartial(chunk: Buffer): number {
    const partial = this.#partial!;
    this.#partial = null;
    const headerMissing = Math.max(0, HEADER - partial.length);
    const header = headerMissing > 0 ? Buffer.concat([partial, chunk.subarray(0, headerMissing)]) : partial;
    const missing = header.length < HEADER ? Infinity : 1 + header.readUInt32BE(1) - partial.length;
    if (chunk.length < missing) {
      this.#partial = Buffer.concat([partial, chunk]);
      return chunk.length;
    }
    if (partial[0] === COPY_DATA) {
      this.rowsReadDirectly++;
      this.#deliver(Buffer.concat([partial, chunk.subarray(0, missing)]).subarray(HEADER));
    }
    return missing;
  }

  /** node-postgres's listener reads on from here (the CopyDone, CommandComplete and ReadyForQuery that end the COPY, or an error). */
  #handBack(rest: Buffer): void {
    const socket = this.#socket!;
    socket.removeListener('data', this.#ownListener!);
    socket.on('data', this.#parserListener!);
    this.#ownListener = null;
    this.#parserListener!(rest);
  }

  #deliver(payload: Buffer): void {
    if (this.#error) return;
    try {
      this.onData(payload);
    } catch (error) {
      // Read the rest of the COPY (ignoring it) so the connection stays usable, then fail.
      this.#error = error as Error;
      this.resume();
    }
  }

  pause(): void {
    if (this.#paused || !this.#socket) return;
    this.#paused = true;
    this.#socket.pause();
  }

  resume(): void {
    if (!this.#paused || !this.#socket) return;
    this.#paused = false;
    this.#socket.resume();
  }

  handleCopyData(message: { chunk: Buffer }): void {
    this.#deliver(message.chunk);
  }

  // node-postgres forgets the query at an ErrorResponse, so ReadyForQuery will not reach it: settle now.
  handleError(error: Error): void {
    this.#error ??= error;
    this.resume();
    this.#settle(this.#error);
  }

  handleReadyForQuery(): void {
    this.resume();
    this.#settle(this.#error);
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('COPY FROM is not supported here');
  }
}
