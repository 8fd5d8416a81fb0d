import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ConnectableServer } from '../recordMcpServer';
import { sharedJsonSchemaValidator } from './demoServer';

/** An SDK Client connected to a demo server, and how to hang up. */
export interface DemoClient {
  client: Client;
  close(): Promise<void>;
}

export interface ClientIdentity {
  /** Becomes the record's `agent_id` (the recorder reads clientInfo from `initialize`). */
  name: string;
  version?: string;
}

const newClient = (identity: ClientIdentity) => new Client({ name: identity.name, version: identity.version ?? '2025.07' }, { jsonSchemaValidator: sharedJsonSchemaValidator() });

/**
 * A linked in-process pair. `authInfo` rides along with every message, as an authenticating HTTP
 * front end would attach it; `sessionId` is what the server side reports as its session.
 */
export async function connectInMemory(server: ConnectableServer, identity: ClientIdentity, options: { authInfo?: AuthInfo; sessionId?: string; wrap?: (transport: Transport) => Transport } = {}): Promise<DemoClient> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serverSide.sessionId = options.sessionId;
  if (options.authInfo) {
    const send = clientSide.send.bind(clientSide);
    const authInfo = options.authInfo;
    clientSide.send = (message, sendOptions) => send(message, { ...sendOptions, authInfo });
  }
  await server.connect(options.wrap ? options.wrap(serverSide) : serverSide);
  const client = newClient(identity);
  await client.connect(clientSide);
  return { client, close: () => client.close() };
}

/** Streamable HTTP with a bearer token; closing ends the MCP session on the server too (DELETE). */
export async function connectHttp(url: string, identity: ClientIdentity, options: { token?: string; headers?: Record<string, string> } = {}): Promise<DemoClient> {
  const headers = { ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = newClient(identity);
  await client.connect(transport);
  return {
    client,
    close: async () => {
      await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
}

export const STDIO_SERVER_MAIN = fileURLToPath(new URL('./stdioServerMain.ts', import.meta.url));
/** The checkout root, where `--import tsx` resolves. */
const PROJECT_ROOT = path.resolve(path.dirname(STDIO_SERVER_MAIN), '../../..');

/**
 * Starts the demo server as a child process (`node --import tsx stdioServerMain.ts`) and talks to it
 * over stdin/stdout. Its recorder is configured through `env` (see stdioServerMain.ts); closing ends
 * stdin, and the child flushes its sinks before it exits.
 */
export async function connectStdio(identity: ClientIdentity, env: Record<string, string>, stderr: 'inherit' | 'ignore' = 'inherit'): Promise<DemoClient & { pid: number | null }> {
  const transport = new StdioClientTransport({
    command: process.execPath, args: ['--import', 'tsx', STDIO_SERVER_MAIN], env: { ...getDefaultEnvironment(), ...env }, stderr, cwd: PROJECT_ROOT,
  });
  const client = newClient(identity);
  await client.connect(transport);
  return { client, pid: transport.pid, close: () => client.close() };
}
