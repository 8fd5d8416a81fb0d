import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDemoEvents, type DemoEvent } from './generateDemoEvents';
import { sendEvents } from './sendEvents';

interface Arrival { firstId: string; ids: string[]; status: number }

/** A stand-in for the ingest route: real HTTP, deduplication by id, and scripted failures. */
let server: Server;
let baseUrl: string;
let arrivals: Arrival[];
let answered: { accepted: number; duplicates: number; quarantined: number };
let seen: Set<string>;
let failFirstAttemptOf: string | undefined;
let failure: (res: ServerResponse, attempt: number) => boolean;
let problems: string[];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  if (req.method !== 'POST' || req.url !== '/api/v1/ingest') problems.push(`${req.method} ${req.url}`);
  if (req.headers['content-type'] !== 'application/x-ndjson') problems.push(`content-type ${req.headers['content-type']}`);
  if (req.headers.authorization !== 'Bearer test-token') problems.push(`authorization ${req.headers.authorization}`);
  if (!body.endsWith('\n')) problems.push('body not newline-terminated');
  const events = body.trimEnd().split('\n').map((line) => JSON.parse(line) as DemoEvent);
  const ids = events.map((e) => String(e.id));
  const firstId = ids[0] ?? '';
  const attempt = arrivals.filter((a) => a.firstId === firstId).length + 1;
  const arrival: Arrival = { firstId, ids, status: 200 };
  arrivals.push(arrival);
  if (firstId === failFirstAttemptOf && attempt === 1) {
    arrival.status = 503;
    res.writeHead(503, { 'Retry-After': '0', 'Content-Type': 'text/plain' }).end('warming up');
    return;
  }
  if (failure(res, attempt)) {
    arrival.status = res.headersSent ? res.statusCode : 0;
    return;
  }
  const answer = { accepted: 0, duplicates: 0, quarantined: 0, errors: 0, first_seq: seen.size + 1, last_seq: 0 };
  for (const event of events) {
    if (seen.has(String(event.id))) answer.duplicates++;
    else if (event.is_error) answer.quarantined++; // arbitrary rule, only so the three counters differ
    else answer.accepted++;
    seen.add(String(event.id));
  }
  answer.last_seq = seen.size;
  answered.accepted += answer.accepted;
  answered.duplicates += answer.duplicates;
  answered.quarantined += answer.quarantined;
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  arrivals = [];
  answered = { accepted: 0, duplicates: 0, quarantined: 0 };
  seen = new Set();
  failFirstAttemptOf = undefined;
  failure = () => false;
  problems = [];
});

const events = generateDemoEvents({ count: 2500, environment: 'staging', seed: 11, end: new Date('2025-07-16T12:00:00Z') });

describe('sendEvents', () => {
  it('delivers every event as NDJSON batches and retries a 503 honouring Retry-After', async () => {
    failFirstAttemptOf = String(events[1000]?.id);
    const progress: number[] = [];
    const withRepeat = [...events, events[5] as DemoEvent];
    const report = await sendEvents(withRepeat, { url: `${baseUrl}/`, token: 'test-token', batchSize: 1000, onProgress: (n) => progress.push(n) });

    expect(problems).toEqual([]);
    expect(arrivals.filter((a) => a.firstId === failFirstAttemptOf).map((a) => a.status)).toEqual([503, 200]);
    expect(arrivals).toHaveLength(4);
    expect(new Set(arrivals.filter((a) => a.status === 200).flatMap((a) => a.ids))).toEqual(new Set(events.map((e) => String(e.id))));
    expect(report).toEqual({ ...answered, errors: 0, requests: 4, retries: 1 });
    expect(report.accepted + report.duplicates + report.quarantined).toBe(withRepeat.length);
    expect(report.duplicates).toBe(1);
    expect(report.quarantined).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(withRepeat.length);
  });

  it('retries 429s and dropped connections with back-off', async () => {
    failure = (res, attempt) => {
      if (attempt === 1) res.writeHead(429).end('slow down');
      else if (attempt === 2) res.socket?.destroy();
      else return false;
      return true;
    };
    const report = await sendEvents(events.slice(0, 10), { url: baseUrl, token: 'test-token', batchSize: 10 });
    expect(report).toMatchObject({ accepted: answered.accepted, requests: 3, retries: 2 });
    expect(seen.size).toBe(10);
  });

  it('waits as long as Retry-After says', async () => {
    failure = (res, attempt) => {
      if (attempt > 1) return false;
      res.writeHead(503, { 'Retry-After': '1' }).end('busy');
      return true;
    };
    const started = performance.now();
    const report = await sendEvents(events.slice(0, 3), { url: baseUrl, token: 'test-token' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(report).toMatchObject({ requests: 2, retries: 1 });
  });

  it('rejects with the status and body on a 400, without retrying', async () => {
    failure = (res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"line 1: timestamp is required"}');
      return true;
    };
    await expect(sendEvents(events.slice(0, 50), { url: baseUrl, token: 'test-token', batchSize: 10 }))
      .rejects.toThrow(/HTTP 400.*timestamp is required/);
    expect(arrivals.length).toBeLessThanOrEqual(2);
  });

  it('gives up on a persistent 503 once maxRetries is spent', async () => {
    failure = (res) => {
      res.writeHead(503, { 'Retry-After': '0' }).end('maintenance');
      return true;
    };
    await expect(sendEvents(events.slice(0, 5), { url: baseUrl, token: 'test-token', maxRetries: 2 })).rejects.toThrow(/HTTP 503 after 3 attempts: maintenance/);
    expect(arrivals).toHaveLength(3);
  });
});
