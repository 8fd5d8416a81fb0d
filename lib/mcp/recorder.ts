import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { fitRecord } from './callRecord';
import { randomRecordId } from './recordIds';
import { PendingTasks } from './pendingTasks';
import { recordEnvironment, type McpExecutionRecord, type RecordEnvironment } from './executionRecord';
import type { ConnectionOptions, RecorderContext } from './recorderContext';
import { RecordingTransport } from './recordingTransport';
import { asError, stderrReporter, type ErrorReporter, type RecordSink } from './sinks/recordSink';

export interface RecorderOptions {
  /** Where records go; each gets the same JSON text. */
  sinks: RecordSink | RecordSink[];
  /** Default `MCP_ENV`, else `staging`. */
  environment?: RecordEnvironment;
  /** Name and version for every record; default: what the server answers to `initialize`. */
  server?: { name?: string; version?: string };
  /** Added to every record's `attributes` (host, region, deployment, …). Treat it as read-only once given: each connection copies it as it starts and reuses its JSON, so later changes may not show. */
  attributes?: Record<string, unknown>;
  /** The user when a request carries no auth info. */
  defaultUserId?: string;
  /** Picks the user out of the transport's auth info; default: `extra.user_id`/`userId`/`sub`/`email`, else `clientId`. */
  userFromAuth?: (auth: AuthInfo) => string | undefined;
  /** A call without an answer after this long is recorded as an error (a late answer gets a record of its own). 0 turns it off. */
  callTimeoutMs?: number;
  /** Records larger than this have their output, arguments or prompt summarised (Warden quarantines lines over 1 MiB). */
  maxRecordBytes?: number;
  clock?: () => number;
  newId?: () => string;
  onError?: ErrorReporter;
}

export interface RecorderStats {
  recorded: number;
  sinkErrors: number;
  pending: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 300_000;
const DEFAULT_MAX_RECORD_BYTES = 512 * 1024;
const USER_KEYS = ['user_id', 'userId', 'sub', 'email'] as const;

function defaultUserFromAuth(auth: AuthInfo): string | undefined {
  for (const key of USER_KEYS) {
    const value = auth.extra?.[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return auth.clientId || undefined;
}

/**
 * Turns MCP traffic into execution records. One recorder serves any number of connections
 * (`wrap` each server transport, or let `recordMcpServer` do it); it never throws into the server:
 * a broken sink or an unexpected message is reported through `onError` and the call goes on.
 */
export class Recorder implements RecorderContext {
  readonly environment: RecordEnvironment;
  readonly attributes: Record<string, unknown>;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly defaultUserId: string | undefined;
  readonly serverInfo: { name?: string; version?: string };
  private readonly sinks: RecordSink[];
  private readonly reportError: ErrorReporter;
  private readonly pickUser: (auth: AuthInfo) => string | undefined;
  private readonly callTimeoutMs: number;
  private readonly maxRecordBytes: number;
  private readonly live = new Set<RecordingTransport>();
  private readonly emitting = new Set<Promise<void>>();
  /** Tasks outlive their connections (stateless HTTP has one per request): their ttl is swept while any is followed. */
  readonly tasks = new PendingTasks(() => this.startSweeper());
  private sweeper: NodeJS.Timeout | undefined;
  private counts = { recorded: 0, sinkErrors: 0 };
  private closing: Promise<void> | undefined;

  constructor(options: RecorderOptions) {
    this.sinks = Array.isArray(options.sinks) ? options.sinks : [options.sinks];
    this.environment = options.environment ?? recordEnvironment();
    this.attributes = options.attributes ?? {};
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? randomRecordId;
    this.defaultUserId = options.defaultUserId;
    this.serverInfo = options.server ?? {};
    this.reportError = options.onError ?? stderrReporter();
    this.pickUser = options.userFromAuth ?? defaultUserFromAuth;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  /** A transport to hand to `server.connect()` in place of `transport`. */
  wrap(transport: Transport, connection: ConnectionOptions = {}): Transport {
    const wrapped = new RecordingTransport(transport, this, connection);
    this.live.add(wrapped);
    this.startSweeper();
    return wrapped;
  }

  userFromAuth(auth: AuthInfo): string | undefined {
    try {
      return this.pickUser(auth);
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  /** `json`, when the caller has it already, must be exactly `JSON.stringify(record)`. */
  emit(record: McpExecutionRecord, json: string = JSON.stringify(record)): void {
    this.write(fitRecord(record, json, this.maxRecordBytes));
  }

  emitLineBytes(bytes: Buffer, length: number): boolean {
    if (length > this.maxRecordBytes) return false;
    this.counts.recorded++;
    for (const sink of this.sinks) {
      try {
        if (sink.writeBytes) sink.writeBytes(bytes, 0, length);
        else sink.write(bytes.toString('utf8', 0, length));
      } catch (error) {
        this.counts.sinkErrors++;
        this.report(error);
      }
    }
    return true;
  }

  private write(line: string): void {
    this.counts.recorded++;
    for (const sink of this.sinks) {
      try {
        sink.write(line);
      } catch (error) {
        this.counts.sinkErrors++;
        this.report(error);
      }
    }
  }

  report(error: unknown): void {
    try {
      this.reportError(asError(error));
    } catch {
      // The reporter is the last resort; nothing sensible is left to do if it fails too.
    }
  }

  track(pending: Promise<void>): void {
    this.emitting.add(pending);
    void pending.finally(() => this.emitting.delete(pending));
  }

  forget(transport: RecordingTransport): void {
    this.live.delete(transport);
    if (!this.sweeping()) this.stopSweeper();
  }

  stats(): RecorderStats {
    let pending = 0;
    for (const transport of this.live) pending += transport.pending.size;
    return { ...this.counts, pending };
  }

  async flush(): Promise<void> {
    // Through a promise from the start: a sink that throws at once must not make flush throw, nor skip the others.
    await Promise.all(this.sinks.map((sink) => Promise.resolve().then(() => sink.flush()).catch((error: unknown) => this.report(error))));
  }

  /** Records calls still waiting for an answer as such, then flushes and closes every sink. */
  close(): Promise<void> {
    // Every caller (flushOnShutdown and the app's own shutdown, say) waits for the same, whole close.
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    // Each step on its own: one that fails (an id source, a sink) must not keep the others from closing.
    for (const transport of this.live) this.attempt(() => transport.abandonAll('recorder closed before a response', 'recorder_closed'));
    this.attempt(() => this.tasks.abandonAll('recorder closed before the task ended'));
    // After the abandoning: `closing` is not yet set while this runs, and nothing must restart the sweeper.
    this.stopSweeper();
    this.live.clear();
    await Promise.all([...this.emitting]);
    await Promise.all(this.sinks.map((sink) => Promise.resolve().then(() => sink.close()).catch((error: unknown) => this.report(error))));
  }

  private attempt(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.report(error);
    }
  }

  /** Whether anything needs the sweeper: calls that can time out, or tasks with a ttl to watch. */
  private sweeping(): boolean {
    return (this.callTimeoutMs > 0 && this.live.size > 0) || this.tasks.size > 0;
  }

  private startSweeper(): void {
    if (this.sweeper || this.closing || !this.sweeping()) return;
    const every = this.callTimeoutMs > 0 ? Math.max(10, Math.min(1000, this.callTimeoutMs / 4)) : 1000;
    this.sweeper = setInterval(() => {
      const now = performance.now();
      try {
        if (this.callTimeoutMs > 0) for (const transport of this.live) transport.sweep(this.callTimeoutMs, now);
        this.tasks.sweep(now);
      } catch (error) {
        this.report(error); // a throw in a timer would take the whole server down
      }
      if (!this.sweeping()) this.stopSweeper();
    }, every);
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

export function createRecorder(options: RecorderOptions): Recorder {
  return new Recorder(options);
}
