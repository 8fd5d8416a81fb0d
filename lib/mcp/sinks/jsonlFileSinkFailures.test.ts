import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../testing/tempDirs';
import { jsonlFileSink } from './jsonlFileSink';

const tempDir = tempDirs('warden-jsonl-failures-');
const line = (n: number) => JSON.stringify({ id: `r-${n}`, timestamp: '2026-01-01T00:00:00.000Z', method: 'tools/call', output: `ü${'x'.repeat(n % 300)}` });

describe('jsonlFileSink while the disk refuses writes', () => {
  /** A path whose parent is a file: every mkdir/open fails until `recover()` removes it. */
  function refusingPath(): { file: string; recover: () => void } {
    const blocker = path.join(tempDir(), 'logs');
    writeFileSync(blocker, 'a file where the directory should be');
    return { file: path.join(blocker, 'executions.jsonl'), recover: () => rmSync(blocker) };
  }
  const ids = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => (JSON.parse(text) as { n: number }).n);
  const padded = (n: number) => JSON.stringify({ n, pad: 'p'.repeat(1000) });

  it('writes every record in order once the disk is back, however many chunks were waiting', async () => {
    const { file, recover } = refusingPath();
    const errors: string[] = [];
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 60_000, onError: (error) => void errors.push(error.message) });
    for (let n = 0; n < 1000; n++) sink.write(padded(n)); // four 256 KiB chunks
    await sink.flush();
    expect(errors.length).toBeGreaterThan(0);
    recover();
    await sink.close();
    expect(ids(file)).toEqual(Array.from({ length: 1000 }, (_, n) => n));
  });

  it('keeps the newest maxBufferedLines records and drops the oldest, saying so', async () => {
    const { file, recover } = refusingPath();
    const errors: string[] = [];
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 60_000, maxBufferedLines: 500, onError: (error) => void errors.push(error.message) });
    for (let n = 0; n < 1000; n++) {
      sink.write(padded(n));
      if (n % 100 === 99) await sink.flush();
    }
    recover();
    await sink.close();
    expect(ids(file)).toEqual(Array.from({ length: 500 }, (_, n) => 500 + n));
    expect(errors.some((message) => /dropped the \d+ oldest/.test(message))).toBe(true);
  });

  it('retries about once a second, not on every record, and a reporter that throws neither crashes the server nor stops the sink', async () => {
    const { file, recover } = refusingPath();
    let attempts = 0;
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 5, onError: (error) => {
      if (/cannot write/.test(error.message)) attempts++;
      throw new Error('the reporter is broken too');
    } });
    for (let n = 0; n < 60; n++) {
      sink.write(padded(n));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(attempts).toBeGreaterThan(0);
    expect(attempts).toBeLessThanOrEqual(3); // 1.2 s of records: the first attempt and a retry or two
    recover();
    await sink.close();
    expect(ids(file)).toEqual(Array.from({ length: 60 }, (_, n) => n));
  });

  it('with maxBufferedLines 0 (taken as 1) still writes what comes after the disk is back', async () => {
    const { file, recover } = refusingPath();
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 60_000, maxBufferedLines: 0, onError: () => {} });
    sink.write(padded(0));
    await sink.flush();
    recover();
    for (let n = 1; n <= 3; n++) {
      sink.write(padded(n));
      await sink.flush();
    }
    await sink.close();
    expect(ids(file)).toEqual([1, 2, 3]);
  });
});

describe('jsonlFileSink and what happens to its path', () => {
  it('writes to a new file when the file or its directory is deleted under it, and says so', async () => {
    const dir = path.join(tempDir(), 'logs');
    const file = path.join(dir, 'executions.jsonl');
    const errors: string[] = [];
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 60_000, onError: (error) => void errors.push(error.message) });
    sink.write(line(0));
    await sink.flush();
    unlinkSync(file);
    sink.write(line(1));
    await sink.flush();
    rmSync(dir, { recursive: true });
    sink.write(line(2));
    await sink.close();
    expect(readFileSync(file, 'utf8')).toBe(`${line(2)}\n`);
    expect(errors.filter((message) => /removed or replaced/.test(message))).toHaveLength(2);
    expect(errors.join()).not.toMatch(/cannot write/);
  });

  it('never rotates a symlink (such as /dev/stdout): the link stays, everything goes to its target', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'target.jsonl');
    const link = path.join(dir, 'executions.jsonl');
    writeFileSync(target, '');
    symlinkSync(target, link);
    const sink = jsonlFileSink({ path: link, maxBytes: 512, maxFiles: 2 });
    for (let n = 0; n < 40; n++) sink.write(line(n));
    await sink.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(existsSync(`${link}.1`)).toBe(false);
    expect(readFileSync(target, 'utf8').trimEnd().split('\n')).toEqual(Array.from({ length: 40 }, (_, n) => line(n)));
  });

  it('on a pipe whose reader died mid-chunk, sends the next reader only what the first did not take whole: no record twice', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'executions.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = (command: string) => new Promise<void>((resolve) => spawn('sh', ['-c', command]).on('exit', () => resolve()));
    const first = run(`head -c 100000 ${fifo} > ${dir}/first`);
    const errors: string[] = [];
    const sink = jsonlFileSink({ path: fifo, flushIntervalMs: 5, onError: (error) => void errors.push(error.message) });
    for (let n = 0; n < 1000; n++) sink.write(JSON.stringify({ n, pad: 'p'.repeat(500) }));
    const flushed = sink.flush();
    await first;
    const second = run(`cat ${fifo} > ${dir}/second`);
    await flushed;
    await sink.close();
    await second;
    const firstLines = readFileSync(`${dir}/first`, 'utf8').split('\n').slice(0, -1); // its last line was cut off
    const secondLines = readFileSync(`${dir}/second`, 'utf8').split('\n').filter(Boolean);
    const received = [...firstLines, ...secondLines].map((text) => (JSON.parse(text) as { n: number }).n);
    expect(errors.some((message) => /EPIPE/.test(message))).toBe(true);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(received.at(-1)).toBe(999);
  });
});
