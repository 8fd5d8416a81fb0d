import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
export interface ReceivedRequest { at: number; method?: string; url?: string; auth?: string; type?: string; bytes: number; lines: string[]; status?: number }

/**
 * A stand-in for Warden's ingest endpoint over real HTTP: answers from a script (or `answer`, given what came),
 * then 200 with ingest's counts.
 */
export async function fakeIngest(script: ScriptedAnswer[] = [], port = 0, answer?: (request: ReceivedRequest) => ScriptedAnswer | undefined) {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const lines = body.toString('utf8').split('\n').filter(Boolean);
      const request: ReceivedRequest = { at: Date.now(), method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], bytes: body.length, lines };
      received.push(request);
      const scripted = script.shift() ?? answer?.(request) ?? { status: 200 };
      request.status = scripted.status;
      setTimeout(() => {
        res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
        res.end(scripted.body ?? JSON.stringify(scripted.status === 200 ? { accepted: lines.length, duplicates: 0, quarantined: 0, errors: [] } : { error: 'scripted' }));
      }, scripted.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** The lines of the requests answered 200. */
    delivered: () => received.flatMap((request) => (request.status === 200 ? request.lines : [])),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
