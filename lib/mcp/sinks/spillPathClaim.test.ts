import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../db/freePort';
import { fakeIngest } from '../testing/fakeIngest';
import { httpSink } from './httpSink';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const record = (n: number) => JSON.stringify({ id: `rec-${n}`, timestamp: '2026-01-01T00:00:00Z', method: 'tools/call' });
const ids = (lines: string[]) => lines.map((line) => (JSON.parse(line) as { id: string }).id);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function spillPathInTemp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-spillclaim-'));
  dirs.push(dir);
  return path.join(dir, 'spill.jsonl');
}
/** A pid that surely ran and is gone. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('a spill path given to two sinks (two processes of one server, say)', () => {
  it('is used by the first; the second spills to its own file beside it, says so, and nothing is lost', async () => {
    const port = await freePort();
    const spillPath = spillPathInTemp();
    const errors: string[] = [];
    const options = { url: `http://127.0.0.1:${port}`, token: 't', spillPath, flushIntervalMs: 10, firstBackoffMs: 20, maxBackoffMs: 50, closeTimeoutMs: 200, onError: (error: Error) => void errors.push(error.message) };
    const [a, b] = [httpSink(options), httpSink(options)];
    for (let n = 0; n < 40; n++) (n % 2 === 0 ? a : b).write(record(n));
    await sleep(300); // Warden is down: both spill
    for (let n = 40; n < 80; n++) (n % 2 === 0 ? a : b).write(record(n));
    await Promise.all([a.close(), b.close()]);
    expect(errors.filter((message) => /is in use by process/.test(message))).toHaveLength(1);
    const left = readdirSync(path.dirname(spillPath)).sort();
    expect(left.some((name) => name.endsWith('.lock'))).toBe(false); // both released
    expect(left).toEqual(['spill.jsonl', expect.stringMatching(/^spill\.jsonl\.\d+-\d+$/)]);

    const ingest = await fakeIngest([], port);
    const next = httpSink({ ...options, url: ingest.url }); // claims spill.jsonl and replays the other file, whose process is gone (closed)
    for (let waited = 0; ingest.delivered().length < 80 && waited < 5_000; waited += 20) await sleep(20);
    await next.close();
    expect(ids(ingest.delivered()).sort()).toEqual(Array.from({ length: 80 }, (_, n) => `rec-${n}`).sort());
    expect(readdirSync(path.dirname(spillPath))).toEqual([]);
    await ingest.close();
  });

  it('takes over a lock its holder left behind, and replays the files of processes that are gone', async () => {
    const spillPath = spillPathInTemp();
    const gone = deadPid();
    writeFileSync(`${spillPath}.lock`, `${gone}\n`);
    writeFileSync(spillPath, `${record(0)}\n`);
    writeFileSync(`${spillPath}.${gone}-1`, `${record(1)}\n${record(2)}`); // cut short by a crash: no final newline
    writeFileSync(`${spillPath}.${gone}-1.lock`, `${gone}\n`);
    const ingest = await fakeIngest();
    const sink = httpSink({ url: ingest.url, token: 't', spillPath, flushIntervalMs: 10 });
    for (let waited = 0; ingest.delivered().length < 3 && waited < 5_000; waited += 20) await sleep(20);
    await sink.close();
    expect(ids(ingest.delivered())).toEqual(['rec-0', 'rec-1', 'rec-2']);
    expect(existsSync(`${spillPath}.${gone}-1`)).toBe(false);
    await ingest.close();
  });

  it('leaves alone the file of a process that still runs', async () => {
    const spillPath = spillPathInTemp();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      writeFileSync(`${spillPath}.${other.pid}-1`, `${record(9)}\n`);
      writeFileSync(`${spillPath}.${other.pid}-1.lock`, `${other.pid}\n`);
      const ingest = await fakeIngest();
      const sink = httpSink({ url: ingest.url, token: 't', spillPath, flushIntervalMs: 10 });
      sink.write(record(1));
      for (let waited = 0; ingest.delivered().length < 1 && waited < 5_000; waited += 20) await sleep(20);
      await sleep(100);
      await sink.close();
      expect(ids(ingest.delivered())).toEqual(['rec-1']);
      expect(existsSync(`${spillPath}.${other.pid}-1`)).toBe(true);
      await ingest.close();
    } finally {
      other.kill();
    }
  });
});
