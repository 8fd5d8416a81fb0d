import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { createRecorder, Recorder, type RecorderOptions } from './recorder';
import type { RecordingTransport } from './recordingTransport';
import type { ConnectionOptions } from './recorderContext';

/** McpServer and the low-level Server both connect this way. */
export interface ConnectableServer {
  connect(transport: Transport): Promise<void>;
}

/**
 * The server's own name and version. Read from the SDK's (private) field as a fallback only: the
 * recorder normally learns them from the `initialize` answer, which a stateless Streamable HTTP
 * server handling one request per transport never sends again.
 */
function declaredServerInfo(server: ConnectableServer): { name?: string; version?: string } | undefined {
  const candidate = server as unknown as { server?: { _serverInfo?: unknown }; _serverInfo?: unknown };
  const info = candidate.server?._serverInfo ?? candidate._serverInfo;
  if (typeof info !== 'object' || info === null) return undefined;
  const { name, version } = info as { name?: unknown; version?: unknown };
  return { name: typeof name === 'string' ? name : undefined, version: typeof version === 'string' ? version : undefined };
}

/**
 * The one line: every transport this server connects to from now on is recorded.
 *
 *     const recorder = recordMcpServer(server, { sinks: [jsonlFileSink({ path: '/var/log/mcp/executions.jsonl' })] });
 *
 * Call it before `server.connect(…)`. Returns the recorder (close it on shutdown, or use
 * `flushOnShutdown`). Pass an existing Recorder to share one across several servers.
 */
export function recordMcpServer(server: ConnectableServer, recorder: Recorder | RecorderOptions, connection?: ConnectionOptions): Recorder {
  const active = recorder instanceof Recorder ? recorder : createRecorder(recorder);
  // Per connection, not on the recorder: a recorder shared later with other servers must not give them this one's.
  const options = { server: declaredServerInfo(server), ...connection };
  const connect = server.connect.bind(server);
  server.connect = (transport: Transport) => {
    const wrapped = active.wrap(transport, options);
    // A connect that fails (the server already has a transport, say) never starts the wrapper, and it never closes.
    return connect(wrapped).catch((error: unknown) => {
      active.forget(wrapped as RecordingTransport);
      throw error;
    });
  };
  return active;
}
