import { randomUUID } from 'node:crypto';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { isObject, responseOutcome, type ConnectionFacts, type JsonRpcId, type Outcome, type PendingCall } from './callRecord';
import { CallRecords } from './callRecords';
import { ConnectionTasks } from './connectionTasks';
import { PendingCalls } from './pendingCalls';
import { SyntheticRequests } from './syntheticRequests';
import { RECORDED_METHODS, type SideEffect } from './executionRecord';
import type { ConnectionOptions, RecorderContext } from './recorderContext';
import { SIDE_EFFECT_NOTIFICATION } from './sideEffects';
import { ToolCatalogue, type ToolFacts } from './toolCatalogue';

const TRANSPORT_NAMES: Record<string, string> = {
  StdioServerTransport: 'stdio', StreamableHTTPServerTransport: 'streamable-http', WebStandardStreamableHTTPServerTransport: 'streamable-http',
  InMemoryTransport: 'in-memory', SSEServerTransport: 'sse',
};
/** Timed-out calls per connection still waiting for a late answer (each already has its record). */
export const MAX_TIMED_OUT_KEPT = 1_000;

/**
 * Whether the SDK takes the message for a request and answers it (its JSON-RPC request schema): anything else it
 * drops without a word, so waiting for the answer would only end in a misleading timeout. A transport that parses
 * JSON (stdio, Streamable HTTP) drops such messages before they get here; the in-memory one and custom ones do not.
 */
const answerable = (m: Record<string, unknown>, id: JsonRpcId): boolean =>
  m.jsonrpc === '2.0' && (typeof id === 'string' || Number.isInteger(id)) && (m.params === undefined || isObject(m.params));

const isPromise = <T>(value: unknown): value is Promise<T> => typeof (value as { then?: unknown } | undefined)?.then === 'function';

/**
 * Wraps a server-side transport and watches every JSON-RPC message in both directions: a recorded
 * request starts a pending call, its response (result or error), a cancellation, a timeout or the
 * connection closing ends it with one record. Messages pass through unchanged and unmodified; the
 * only messages it consumes are its own (`tools/list` it asks the server, side-effect notes).
 */
export class RecordingTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  readonly pending = new PendingCalls();
  private readonly tasks: ConnectionTasks;
  private readonly synthetic = new SyntheticRequests();
  private readonly connectionId = randomUUID();
  private readonly catalogue: ToolCatalogue;
  private facts: ConnectionFacts | undefined;
  private readonly records: CallRecords;
  private readonly clock: () => number;
  private readonly attributes: Record<string, unknown>;
  private serverName?: string;
  private serverVersion?: string;
  private agentId?: string;
  private initializeId?: JsonRpcId;

  constructor(readonly inner: Transport, private readonly recorder: RecorderContext, private readonly options: ConnectionOptions = {}) {
    this.clock = options.clock ?? recorder.clock;
    this.records = new CallRecords(recorder, options.newId ?? recorder.newId);
    const transport = options.transportName ?? TRANSPORT_NAMES[inner.constructor.name] ?? inner.constructor.name;
    this.attributes = { transport, ...recorder.attributes, ...options.attributes };
    this.tasks = new ConnectionTasks(recorder.tasks, (call, outcome, attributes) => void this.finish(call, outcome, attributes));
    this.catalogue = new ToolCatalogue((cursor, extra) => this.askServer('tools/list', cursor ? { cursor } : {}, extra), (error) => recorder.report(error));
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  async start(): Promise<void> {
    // Handlers the application set on its transport (a session map's cleanup in onclose, say) keep running, first,
    // as the SDK's Protocol.connect keeps them.
    const { onmessage: innerMessage, onerror: innerError, onclose: innerClose } = this.inner;
    this.inner.onmessage = (message, extra) => {
      innerMessage?.(message, extra);
      try {
        this.observeIncoming(message as unknown as Record<string, unknown>, extra);
      } catch (error) {
        this.recorder.report(error);
      }
      this.onmessage?.(message, extra);
    };
    this.inner.onerror = (error) => {
      innerError?.(error);
      this.onerror?.(error);
    };
    this.inner.onclose = () => {
      innerClose?.();
      try {
        this.abandonAll('connection closed before a response', 'connection_closed');
      } catch (error) {
        this.recorder.report(error);
      } finally {
        this.recorder.forget(this);
      }
      this.onclose?.();
    };
    await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const m = message as unknown as Record<string, unknown>;
    let answer = false;
    try {
      if ('result' in m || 'error' in m) {
        if (this.synthetic.take(m)) return Promise.resolve();
        answer = true;
      } else if (m.method === SIDE_EFFECT_NOTIFICATION) {
        this.attachSideEffect(options?.relatedRequestId, m.params);
        return Promise.resolve();
      } else if (m.method === 'notifications/tools/list_changed') {
        this.catalogue.invalidate();
      } else if (m.method === 'notifications/tasks/status') {
        this.tasks.status(m.params);
      }
    } catch (error) {
      this.recorder.report(error);
    }
    if (!answer) return this.inner.send(message, options);
    // The answer goes out before its record is written, so the client never waits for the recorder. Only the
    // transport runs in between (no tool code can change the result meanwhile): the record still says what the
    // client was sent, and its duration ends where the answer left.
    const answeredAt = performance.now();
    let call: PendingCall | undefined;
    try {
      call = this.answered(m);
    } catch (error) {
      this.recorder.report(error);
    }
    try {
      return this.inner.send(message, options);
    } finally {
      try {
        if (call) this.recordAnswer(call, m, answeredAt);
      } catch (error) {
        this.recorder.report(error);
      }
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /**
   * Ends calls older than `timeoutMs` with a record; a later answer is recorded too, pointing back. Only the newest
   * MAX_TIMED_OUT_KEPT of those calls wait for one: calls to a tool that never answers must not pile up for the
   * life of the connection.
   */
  sweep(timeoutMs: number, now: number): void {
    const calls = this.pending.values();
    let timedOut = 0;
    for (const call of calls) {
      if (call.reportedAs === undefined && now - call.t0 > timeoutMs) {
        call.reportedAs = this.finish(call, { kind: 'abandoned', reason: `no response within ${timeoutMs} ms`, flag: 'timed_out' });
      }
      if (call.reportedAs !== undefined) timedOut++;
    }
    for (let i = 0; i < calls.length && timedOut > MAX_TIMED_OUT_KEPT; i++) {
      if (calls[i]!.reportedAs === undefined) continue;
      this.pending.remove(calls[i]!);
      timedOut--;
    }
  }

  abandonAll(reason: string, flag: 'connection_closed' | 'recorder_closed'): void {
    // The server will not answer the recorder's own requests either: records waiting on them go out now.
    this.synthetic.abandonAll(reason);
    try {
      for (const call of this.pending.values()) if (call.reportedAs === undefined) this.finish(call, { kind: 'abandoned', reason, flag });
    } finally {
      this.pending.clear();
      this.tasks.clear();
    }
  }

  private observeIncoming(m: Record<string, unknown>, extra: MessageExtraInfo | undefined): void {
    const method = m.method;
    if (typeof method !== 'string') return;
    if (m.id === undefined || m.id === null) {
      if (method === 'notifications/cancelled' && isObject(m.params)) {
        // Under an id in use twice, the SDK aborts the newest handler: so the newest call is the one cancelled.
        const call = this.pending.latest(m.params.requestId as JsonRpcId);
        if (!call) return;
        this.pending.remove(call);
        const reason = typeof m.params.reason === 'string' ? `: ${m.params.reason}` : '';
        if (call.reportedAs === undefined) this.finish(call, { kind: 'abandoned', reason: `cancelled by the client${reason}`, flag: 'cancelled' });
      }
      return;
    }
    if (RECORDED_METHODS.has(method)) {
      const id = m.id as JsonRpcId;
      const tool = method === 'tools/call' && isObject(m.params) && typeof m.params.name === 'string' ? this.catalogue.lookup(m.params.name, extra) : undefined;
      // Every field set up front: one object shape for all calls keeps this path monomorphic.
      const call: PendingCall = { id, method, params: m.params, startedAt: this.clock(), t0: performance.now(), userId: this.userOf(extra), tool, sideEffects: undefined, reportedAs: undefined, idReused: false };
      if (answerable(m, id)) this.pending.add(call);
      else this.finish(call, { kind: 'abandoned', reason: 'invalid request (params must be an object, the id a string or an integer): the server does not answer it', flag: 'invalid_request' });
    } else if (method === 'initialize' && isObject(m.params) && isObject(m.params.clientInfo)) {
      this.initializeId = m.id as JsonRpcId;
      const { name, version } = m.params.clientInfo;
      if (typeof name === 'string') {
        this.agentId = name;
        this.attributes.client = typeof version === 'string' ? `${name}/${version}` : name;
        this.facts = undefined;
      }
    } else if (method === 'tasks/result') {
      this.tasks.resultRequested(m.id as JsonRpcId, m.params);
    }
  }

  /**
   * The call an answer ends, out of the pending ones before the answer leaves: a client that gets it at once (an
   * in-memory transport) may send its next request under the same id before the record is written.
   */
  private answered(m: Record<string, unknown>): PendingCall | undefined {
    const result = m.result;
    if (m.id === this.initializeId && isObject(result) && isObject(result.serverInfo)) {
      this.initializeId = undefined;
      this.facts = undefined;
      this.serverName = typeof result.serverInfo.name === 'string' ? result.serverInfo.name : undefined;
      this.serverVersion = typeof result.serverInfo.version === 'string' ? result.serverInfo.version : undefined;
    }
    if (this.recorder.tasks.size > 0 && this.tasks.response(m.id as JsonRpcId, m.error, result)) return undefined;
    const call = this.pending.get(m.id as JsonRpcId);
    if (!call) return undefined;
    this.pending.remove(call);
    if (m.error === undefined && call.reportedAs === undefined && isObject(result) && result.task !== undefined && this.tasks.watch(call, result.task)) return undefined;
    return call;
  }

  private recordAnswer(call: PendingCall, m: Record<string, unknown>, answeredAt: number): void {
    const { error, result } = m;
    if (error === undefined && call.reportedAs === undefined && !call.idReused && !isPromise(call.tool) && this.records.emitResult(call, result, this.connectionFacts(), answeredAt - call.t0)) return;
    this.finish(call, responseOutcome(error, result), call.reportedAs === undefined ? undefined : { late_response_to: call.reportedAs }, answeredAt);
  }

  private attachSideEffect(requestId: unknown, params: unknown): void {
    const call = requestId === undefined ? undefined : this.pending.get(requestId as JsonRpcId) ?? this.tasks.callOf(requestId as JsonRpcId);
    if (!call || !isObject(params) || !Array.isArray(params.effects)) return;
    for (const effect of params.effects) {
      if (isObject(effect) && typeof effect.kind === 'string' && typeof effect.target === 'string') (call.sideEffects ??= []).push(effect as SideEffect);
    }
  }

  private userOf(extra: MessageExtraInfo | undefined): string | undefined {
    const auth = extra?.authInfo;
    return (auth ? this.recorder.userFromAuth(auth) : undefined) ?? this.options.userId ?? this.recorder.defaultUserId;
  }

  /** Rebuilt only when something changes (initialize, a session id assigned). */
  private connectionFacts(): ConnectionFacts {
    const sessionId = this.inner.sessionId ?? this.connectionId;
    const serverName = this.recorder.serverInfo.name ?? this.options.server?.name ?? this.serverName;
    const serverVersion = this.recorder.serverInfo.version ?? this.options.server?.version ?? this.serverVersion;
    const f = this.facts;
    if (f && f.sessionId === sessionId && f.serverName === serverName && f.serverVersion === serverVersion && f.agentId === this.agentId) return f;
    this.facts = { environment: this.recorder.environment, serverName, serverVersion, sessionId, agentId: this.agentId, attributes: { ...this.attributes } };
    return this.facts;
  }

  /** Emits the record now, or once the tool's catalogue entry is known; returns the record id. */
  private finish(call: PendingCall, outcome: Outcome, extraAttributes?: Record<string, unknown>, endedAt = performance.now()): string {
    const durationMs = endedAt - call.t0;
    // Its answer was matched by arrival order among calls under the same id: an auditor should know.
    if (call.idReused) extraAttributes = { ...extraAttributes, request_id_reused: true };
    const id = this.records.recordId();
    const facts = this.connectionFacts();
    const tool = call.tool;
    if (isPromise<ToolFacts | undefined>(tool)) {
      this.recorder.track(tool.then(
        (resolved) => this.records.emit(id, call, outcome, resolved, facts, durationMs, extraAttributes),
        () => this.records.emit(id, call, outcome, undefined, facts, durationMs, extraAttributes),
      ));
    } else {
      // No closure on the common path: this runs inside every call of the server being recorded.
      this.records.emit(id, call, outcome, tool, facts, durationMs, extraAttributes);
    }
    return id;
  }

  /**
   * Sends a request to the server as if from the client and keeps the answer: the public Transport
   * contract is the one hook that works for McpServer and low-level Server alike.
   */
  private askServer(method: string, params: Record<string, unknown>, extra: unknown): Promise<unknown> {
    return this.synthetic.ask(method, params, (message) => this.onmessage?.(message as JSONRPCMessage, extra as MessageExtraInfo | undefined));
  }
}
