import { existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fakeIngest } from '../testing/fakeIngest';
import { tempDirs } from '../testing/tempDirs';
import { httpSink } from './httpSink';
import { parseRetryAfter } from './retryPolicy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const record = (n: number, pad = 0) => JSON.stringify({ id: `rec-${n}`, timestamp: '2026-01-01T00:00:00Z', method: 'tools/call', pad: 'x'.repeat(pad) });
const tempDir = tempDirs('warden-httpsink-');
async function until(done: () => boolean, ms = 10_000): Promise<void> {
  for (let waited = 0; !done() && waited < ms; waited += 20) await sleep(20);
}

describe('httpSink request timeout', () => {
  it('still fires after a garbage collection, so a Warden that takes requests and never answers does not hold the sink', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const requests: http.IncomingMessage[] = [];
    const hanging = http.createServer((req) => void requests.push(req));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const sink = httpSink({ url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, token: 't', flushIntervalMs: 10, requestTimeoutMs: 200, firstBackoffMs: 20, maxBackoffMs: 50, closeTimeoutMs: 100, onError: () => {} });
    try {
      sink.write(record(1));
      await until(() => requests.length === 1);
      gc();
      await until(() => requests.length >= 3, 3_000);
      expect(requests.length).toBeGreaterThanOrEqual(3);
    } finally {
      await sink.close();
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});

describe('httpSink retries', () => {
  it('read Retry-After strictly: delay-seconds or an HTTP date, nothing Date.parse merely tolerates', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('7', 600_000, now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', 600_000, now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', 600_000, now)).toBe(30_000);
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:30 GMT', 600_000, now)).toBe(30_000);
    expect(parseRetryAfter('Thu Jan  1 00:00:30 2026', 600_000, now)).toBe(30_000);
    for (const garbage of ['-5', '1.5', 'Tue 3', 'soon', '', null]) expect(parseRetryAfter(garbage, 600_000, now)).toBeUndefined();
  });

  it('never faster than the back-off, whatever Retry-After says (0, a date past, garbage)', async () => {
    for (const retryAfter of ['0', 'Sun, 06 Nov 1994 08:49:37 GMT', 'garbage']) {
      const ingest = await fakeIngest([], 0, () => ({ status: 503, headers: { 'retry-after': retryAfter } }));
      const sink = httpSink({ url: ingest.url, token: 't', flushIntervalMs: 10, firstBackoffMs: 100, maxBackoffMs: 400, closeTimeoutMs: 50, onError: () => {} });
      sink.write(record(1));
      await sleep(1_000);
      expect(ingest.received.length, `Retry-After: ${retryAfter}`).toBeLessThanOrEqual(8); // a busy loop made hundreds
      await sink.close();
      await ingest.close();
    }
  });
});

describe('httpSink answers that are not an ingest summary', () => {
  it('does not follow a redirect (a sign-in proxy, a wrong URL): keeps the records, says why, delivers once the endpoint answers', async () => {
    let redirecting = 2;
    const ingest = await fakeIngest([], 0, () => (redirecting-- > 0 ? { status: 302, headers: { location: '/oauth2/sign_in' }, body: '' } : undefined));
    const errors: string[] = [];
    const sink = httpSink({ url: ingest.url, token: 't', flushIntervalMs: 10, firstBackoffMs: 20, onError: (error) => void errors.push(error.message) });
    for (let n = 0; n < 5; n++) sink.write(record(n));
    await until(() => ingest.delivered().length >= 5);
    await sink.close();
    expect(ingest.received.every((request) => request.method === 'POST' && request.url === '/api/v1/ingest')).toBe(true);
    expect(sink.stats()).toMatchObject({ accepted: 5, dropped: 0, rejected: 0 });
    expect(errors[0]).toMatch(/HTTP 302 redirect to \/oauth2\/sign_in/);
    await ingest.close();
  });

  it('counts a 2xx answer without ingest\'s counts (an HTML page, an empty body) as not delivered', async () => {
    const ingest = await fakeIngest([{ status: 200, body: '<html>welcome</html>' }, { status: 204, body: '' }]);
    const sink = httpSink({ url: ingest.url, token: 't', flushIntervalMs: 10, firstBackoffMs: 20, onError: () => {} });
    for (let n = 0; n < 3; n++) sink.write(record(n));
    await until(() => ingest.received.length >= 3);
    await sink.close();
    expect(ingest.received.map((request) => request.lines.length)).toEqual([3, 3, 3]);
    expect(sink.stats()).toMatchObject({ accepted: 3, retries: 2 });
    await ingest.close();
  });
});

describe('httpSink and a body too large for something on the way (413)', () => {
  it('sends the batch again in halves, down to a single line, which alone goes to the .rejected file', async () => {
    const limit = 20 * 1024;
    const ingest = await fakeIngest([], 0, (request) => (request.bytes > limit ? { status: 413 } : undefined));
    const spillPath = path.join(tempDir(), 'spill.jsonl');
    const sink = httpSink({ url: ingest.url, token: 't', spillPath, flushIntervalMs: 10, onError: () => {} });
    for (let n = 0; n < 100; n++) sink.write(record(n, n === 42 ? 30 * 1024 : 500));
    await sink.close();
    const delivered = ingest.delivered().map((line) => (JSON.parse(line) as { id: string }).id);
    expect(delivered).toEqual(Array.from({ length: 100 }, (_, n) => `rec-${n}`).filter((id) => id !== 'rec-42'));
    expect(sink.stats()).toMatchObject({ accepted: 99, rejected: 1, retries: 0 });
    expect(statSync(`${spillPath}.rejected`).size).toBeGreaterThan(30 * 1024);
    await ingest.close();
  });
});

describe('httpSink spill file after an outage', () => {
  it('drains to empty while records keep coming (new ones wait in memory behind it), and is removed on close', async () => {
    let down = true;
    // Each answer takes a while, as a real one does: records keep arriving while a batch from the file is in flight.
    const ingest = await fakeIngest([], 0, () => (down ? { status: 503 } : { status: 200, delayMs: 30 }));
    const spillPath = path.join(tempDir(), 'spill.jsonl');
    const sink = httpSink({ url: ingest.url, token: 't', spillPath, flushIntervalMs: 10, firstBackoffMs: 20, maxBackoffMs: 50, onError: () => {} });
    let n = 0;
    const steady = setInterval(() => { for (let k = 0; k < 5; k++) sink.write(record(n++)); }, 2);
    try {
      await until(() => sink.stats().spillBytes > 10_000);
      down = false;
      await until(() => sink.stats().spillBytes === 0 && existsSync(spillPath) && statSync(spillPath).size === 0, 5_000);
      expect(sink.stats().spillBytes).toBe(0);
      expect(statSync(spillPath).size).toBe(0); // emptied while writes went on: it had kept growing
    } finally {
      clearInterval(steady);
    }
    await sink.close();
    const ids = ingest.delivered().map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(ids).size).toBe(n);
    expect(ids).toEqual(Array.from({ length: n }, (_, k) => `rec-${k}`).filter((id) => ids.includes(id))); // in order
    expect(existsSync(spillPath)).toBe(false);
    await ingest.close();
  });
});

describe('httpSink and records overflowing to the spill file while a batch is in flight', () => {
  it('sends that batch again before them when its request fails, and only once when it succeeds', async () => {
    for (const firstAnswer of [503, 200]) {
      let requests = 0;
      const ingest = await fakeIngest([], 0, () => (++requests === 1 ? { status: firstAnswer, delayMs: 300 } : undefined));
      const spillPath = path.join(tempDir(), 'spill.jsonl');
      const sink = httpSink({ url: ingest.url, token: 't', spillPath, flushIntervalMs: 10, firstBackoffMs: 20, batchSize: 20, maxQueue: 50, onError: () => {} });
      for (let n = 0; n < 20; n++) sink.write(record(n)); // a full batch, sent at once
      await sleep(50); // in flight
      for (let n = 20; n < 100; n++) sink.write(record(n)); // past maxQueue: to the spill file
      await until(() => ingest.delivered().length >= 100, 5_000);
      await sink.close();
      const ids = ingest.delivered().map((line) => Number((JSON.parse(line) as { id: string }).id.slice(4)));
      expect(ids, `first answer ${firstAnswer}`).toEqual(Array.from({ length: 100 }, (_, n) => n));
      expect(existsSync(spillPath)).toBe(false);
      await ingest.close();
    }
  });
});
