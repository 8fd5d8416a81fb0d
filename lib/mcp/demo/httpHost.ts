import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface HostedServer {
  connect(transport: Transport): Promise<void>;
  close?(): Promise<void>;
}

export interface McpHttpHostOptions {
  /** A new server for each MCP session: one SDK server serves one connection. */
  createServer(request: IncomingMessage): HostedServer;
  /** Where a recorder goes in: `(transport, request) => recorder.wrap(transport, …)`. */
  wrapTransport?(transport: Transport, request: IncomingMessage): Transport;
  /** Bearer token → who is calling; undefined answers 401. Without it every request is anonymous. */
  authenticate?(token: string | undefined): AuthInfo | undefined;
  port?: number;
}

export interface McpHttpHost {
  /** The MCP endpoint, e.g. http://127.0.0.1:40123/mcp */
  url: string;
  sessions(): number;
  close(): Promise<void>;
}

/**
 * Serves MCP over Streamable HTTP at /mcp on 127.0.0.1, stateful (one transport and server per
 * `Mcp-Session-Id`), with bearer authentication handed to the SDK as `req.auth` — which is where the
 * recorder finds the user.
 */
export async function hostMcpOverHttp(options: McpHttpHostOptions): Promise<McpHttpHost> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: HostedServer }>();
  const answer = (res: http.ServerResponse, status: number, message: string) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));

  const httpServer = http.createServer(async (req, res) => {
    try {
      if ((req.url ?? '').split('?')[0] !== '/mcp') return void res.writeHead(404).end();
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (options.authenticate) {
        const auth = options.authenticate(bearer);
        if (!auth) return answer(res.setHeader('www-authenticate', 'Bearer'), 401, 'missing or unknown bearer token');
        (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;
      }
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (existing) return await existing.transport.handleRequest(req, res);
      if (sessionId !== undefined) return answer(res, 404, 'unknown or expired session');
      if (req.method !== 'POST') return answer(res, 400, 'no session: start with an initialize request');
      const server = options.createServer(req);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => void sessions.set(id, { transport, server }),
        onsessionclosed: (id) => void sessions.delete(id),
      });
      await server.connect(options.wrapTransport ? options.wrapTransport(transport, req) : transport);
      await transport.handleRequest(req, res);
    } catch (error) {
      if (!res.headersSent) answer(res, 500, (error as Error).message);
      else res.end();
    }
  });
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    sessions: () => sessions.size,
    close: async () => {
      for (const { transport, server } of sessions.values()) {
        await transport.close().catch(() => {});
        await server.close?.().catch(() => {});
      }
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
