import type { Socket } from 'node:net';
import type pg from 'pg';

/** What node-postgres hands a custom query (a "Submittable", as pg-cursor and pg-query-stream are). */
interface PgConnection {
  stream: Socket;
  query(text: string): void;
}

/**
 * `COPY … TO STDOUT` as a node-postgres Submittable: every CopyData payload (one row each) goes to
 * `onData` as node-postgres parses it, with no stream, no buffering and no per-row copy in between
 * (pg-copy-streams' buffering and concatenation cost more per row than parsing the row).
 * Payloads are views of node-postgres's read buffer, which it reuses: use them before returning.
 * Backpressure: `pause()` stops reading the socket, `resume()` reads on.
 */
export class CopyOutQuery implements pg.Submittable {
  readonly done: Promise<void>;
  #socket: Socket | null = null;
  #paused = false;
  #error: Error | null = null;
  #settle!: (error: Error | null) => void;

  constructor(private readonly text: string, private readonly onData: (payload: Buffer) => void) {
    this.done = new Promise((resolve, reject) => {
      this.#settle = (error) => (error ? reject(error) : resolve());
    });
    this.done.catch(() => {}); // the caller awaits it; never an unhandled rejection meanwhile
  }

  submit(connection: unknown): void {
    const pgConnection = connection as PgConnection;
    this.#socket = pgConnection.stream;
    pgConnection.query(this.text);
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
    if (this.#error) return;
    try {
      this.onData(message.chunk);
    } catch (error) {
      // Read the rest of the COPY (ignoring it) so the connection stays usable, then fail.
      this.#error = error as Error;
      this.resume();
    }
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
