import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { McpExecutionRecord, RecordEnvironment } from './executionRecord';
import type { PendingTasks } from './pendingTasks';
import type { RecordingTransport } from './recordingTransport';

/** Per-connection settings on top of the recorder's. */
export interface ConnectionOptions {
  /** Merged over the recorder's `attributes` on every record of this connection. */
  attributes?: Record<string, unknown>;
  /** Epoch ms for record timestamps (durations always use the monotonic clock). */
  clock?: () => number;
  newId?: () => string;
  /** The user when the transport carries no auth info (stdio runs as whoever started it). */
  userId?: string;
  /** Overrides the name derived from the transport class (`stdio`, `streamable-http`, `in-memory`, …). */
  transportName?: string;
  /**
   * The server's own name and version, for a recorder shared by several servers (recordMcpServer sets it): a stateless
   * Streamable HTTP server sees no `initialize` on its per-request connections to learn them from.
   */
  server?: { name?: string; version?: string };
}

/** What a recording transport needs from its recorder. */
export interface RecorderContext {
  readonly environment: RecordEnvironment;
  readonly attributes: Record<string, unknown>;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly defaultUserId: string | undefined;
  readonly serverInfo: { name?: string; version?: string };
  userFromAuth(auth: AuthInfo): string | undefined;
  /** `json` must be exactly `JSON.stringify(record)`. */
  emit(record: McpExecutionRecord, json?: string): void;
  /**
   * Emits a finished line given as UTF-8 bytes (`bytes[0, length)`, no newline) if it is within the record size
   * limit; false (nothing emitted) if it must be cut down with `emit`. The bytes are copied before this returns.
   */
  emitLineBytes(bytes: Buffer, length: number): boolean;
  /** Task-augmented calls awaiting their outcome, across all of the recorder's connections. */
  readonly tasks: PendingTasks;
  /** An emission waiting for tool facts: close() lets it finish before the sinks close. */
  track(pending: Promise<void>): void;
  report(error: unknown): void;
  forget(transport: RecordingTransport): void;
}
