import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../db/freePort';
import { fakeIngest } from '../testing/fakeIngest';
import { tempDirs } from '../testing/tempDirs';
import { httpSink } from './httpSink';

const tempDir = tempDirs('warden-httpsink-');
const record = (n: number) => JSON.stringify({ id: `rec-${n}`, timestamp: '2026-01-01T00:00:00Z', method: 'tools/call' });

describe('httpSink', () => {
  it('posts NDJSON with the bearer token, retries 503 after its Retry-After and 429 with back-off, then delivers', async () => {
    const ingest = await fakeIngest([{ status: 503, headers: { 'retry-after': '1' } }, { status: 429 }]);
    const sink = httpSink({ url: ingest.url, token: 'wdn_staging_x', flushIntervalMs: 10, firstBackoffMs: 100, onError: () => {} });
    for (let n = 0; n < 5; n++) sink.write(record(n));
    // Wait for the sink's own retries: close() would try again at once, whatever Retry-After said.
    for (let waited = 0; ingest.received.length < 3 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await sink.close();
    expect(ingest.received).toHaveLength(3);
    expect(ingest.received[0]).toMatchObject({ auth: 'Bearer wdn_staging_x', type: 'application/x-ndjson' });
    expect(ingest.received[1]!.at - ingest.received[0]!.at).toBeGreaterThanOrEqual(990);
    expect(ingest.received[2]!.lines).toEqual(Array.from({ length: 5 }, (_, n) => record(n)));
    expect(sink.stats()).toMatchObject({ accepted: 5, retries: 2, requests: 3, rejected: 0, dropped: 0 });
    await ingest.close();
  });

  it('reports a 4xx batch and keeps it in the .rejected file instead of retrying it forever', async () => {
    const ingest = await fakeIngest([{ status: 401 }]);
    const spillPath = path.join(tempDir(), 'spill.jsonl');
    const errors: string[] = [];
    const sink = httpSink({ url: ingest.url, token: 'revoked', spillPath, flushIntervalMs: 10, onError: (error) => void errors.push(error.message) });
    sink.write(record(1));
    await sink.flush();
    sink.write(record(2));
    await sink.close();
    expect(ingest.received.map((request) => request.lines)).toEqual([[record(1)], [record(2)]]);
    expect(errors[0]).toMatch(/refused 1 records \(HTTP 401/);
    expect(readFileSync(`${spillPath}.rejected`, 'utf8')).toBe(`${record(1)}\n`);
    expect(sink.stats()).toMatchObject({ rejected: 1, accepted: 1, retries: 0 });
    await ingest.close();
  });

  it('spills to disk while Warden is unreachable, keeps the file across a restart, and delivers it all later', async () => {
    const port = await freePort();
    const spillPath = path.join(tempDir(), 'spill', 'warden.jsonl');
    const first = httpSink({ url: `http://127.0.0.1:${port}`, token: 't', spillPath, flushIntervalMs: 10, firstBackoffMs: 50, maxBackoffMs: 100, closeTimeoutMs: 300, onError: () => {} });
    for (let n = 0; n < 30; n++) first.write(record(n));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let n = 30; n < 60; n++) first.write(record(n));
    await first.close(); // gives up after closeTimeoutMs: everything stays in the spill file
    expect(first.stats()).toMatchObject({ accepted: 0, dropped: 0 });
    expect(first.stats().retries).toBeGreaterThan(0);
    expect(readFileSync(spillPath, 'utf8').trimEnd().split('\n')).toEqual(Array.from({ length: 60 }, (_, n) => record(n)));

    const ingest = await fakeIngest([], port);
    const second = httpSink({ url: ingest.url, token: 't', spillPath, batchSize: 25, flushIntervalMs: 10 });
    second.write(record(60));
    for (let waited = 0; ingest.delivered().length < 61 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await second.close();
    expect(ingest.delivered()).toEqual(Array.from({ length: 61 }, (_, n) => record(n)));
    expect(existsSync(spillPath)).toBe(false); // emptied and removed once delivered
    await ingest.close();
  });

  it('takes lines as bytes too: queued, spilled while Warden is down, delivered in order once it is back', async () => {
    const port = await freePort();
    const spillPath = path.join(tempDir(), 'spill.jsonl');
    const scratch = Buffer.alloc(1024);
    const put = (sink: ReturnType<typeof httpSink>, n: number) => {
      if (n % 2 === 0) return sink.write(record(n));
      const end = 5 + scratch.write(record(n), 5, 'utf8');
      sink.writeBytes(scratch, 5, end);
      scratch.fill(0); // reused by the caller at once
    };
    const first = httpSink({ url: `http://127.0.0.1:${port}`, token: 't', spillPath, flushIntervalMs: 10, firstBackoffMs: 50, maxBackoffMs: 100, closeTimeoutMs: 300, onError: () => {} });
    for (let n = 0; n < 10; n++) put(first, n);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let n = 10; n < 20; n++) put(first, n); // Warden is down by now: straight to the spill file
    await first.close();
    expect(first.stats()).toMatchObject({ accepted: 0, dropped: 0 });
    expect(first.stats().spilled).toBeGreaterThan(0);
    const ingest = await fakeIngest([], port);
    const second = httpSink({ url: ingest.url, token: 't', spillPath, flushIntervalMs: 10 });
    for (let n = 20; n < 24; n++) put(second, n);
    for (let waited = 0; ingest.delivered().length < 24 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await second.close();
    expect(ingest.delivered()).toEqual(Array.from({ length: 24 }, (_, n) => record(n)));
    await ingest.close();
  });

  it('on close, gives a Warden that takes the request and never answers only closeTimeoutMs, then spills everything', async () => {
    const requests: http.IncomingMessage[] = [];
    const hanging = http.createServer((req) => void requests.push(req)); // reads nothing, answers nothing
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const spillPath = path.join(tempDir(), 'spill.jsonl');
    const sink = httpSink({ url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, token: 't', spillPath, flushIntervalMs: 10, closeTimeoutMs: 300, requestTimeoutMs: 60_000, onError: () => {} });
    try {
      for (let i = 0; i < 5; i++) sink.write(JSON.stringify({ id: `r${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 200)); // the first five in a request that hangs
      expect(requests).toHaveLength(1);
      for (let i = 5; i < 10; i++) sink.write(JSON.stringify({ id: `r${i}` }));
      const started = performance.now();
      await sink.close();
      expect(performance.now() - started).toBeLessThan(5_000);
      const spilled = readFileSync(spillPath, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id);
      expect(spilled.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`).sort());
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('without a spill file, drops the oldest records beyond maxQueue and says so', async () => {
    const port = await freePort();
    const errors: string[] = [];
    const sink = httpSink({ url: `http://127.0.0.1:${port}`, token: 't', maxQueue: 10, batchSize: 100, flushIntervalMs: 60_000, closeTimeoutMs: 50, onError: (error) => void errors.push(error.message) });
    for (let n = 0; n < 15; n++) sink.write(record(n));
    expect(sink.stats()).toMatchObject({ dropped: 5, queued: 10 });
    expect(errors).toEqual(Array(5).fill('http sink queue full (10) and no spill file: dropped the 1 oldest records'));
    await sink.close();
    expect(sink.stats().dropped).toBe(15);
  });
});
