import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, lstatSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillDiskAfter } from '../testing/fullDisk';
import { tempDirs } from '../testing/tempDirs';
import { jsonlFileSink } from './jsonlFileSink';
import { SpillFile } from './spillFile';

const tempDir = tempDirs('warden-jsonl-');
const line = (n: number) => JSON.stringify({ id: `r-${n}`, timestamp: '2026-01-01T00:00:00.000Z', method: 'tools/call', output: `ü${'x'.repeat(n % 300)}` });

describe('jsonlFileSink', () => {
  it('rotates by renaming before a file would pass maxBytes, never splitting a line and losing none', async () => {
    const file = path.join(tempDir(), 'nested', 'executions.jsonl');
    const sink = jsonlFileSink({ path: file, maxBytes: 8 * 1024, maxFiles: 50, flushIntervalMs: 5 });
    for (let n = 0; n < 400; n++) {
      sink.write(line(n));
      if (n % 37 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await sink.close();
    const files = [...Array.from({ length: 50 }, (_, i) => `${file}.${50 - i}`).filter(existsSync), file];
    expect(files.length).toBeGreaterThan(5);
    const lines = files.flatMap((name) => {
      expect(statSync(name).size).toBeLessThanOrEqual(8 * 1024);
      const text = readFileSync(name, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      return text.trimEnd().split('\n');
    });
    expect(lines).toEqual(Array.from({ length: 400 }, (_, n) => line(n)));
  });

  it('takes lines as bytes too, from any offset, into the same file and rotation', async () => {
    const file = path.join(tempDir(), 'executions.jsonl');
    const sink = jsonlFileSink({ path: file, maxBytes: 4 * 1024, maxFiles: 50, flushIntervalMs: 5 });
    const scratch = Buffer.alloc(64 * 1024, 0x21);
    for (let n = 0; n < 200; n++) {
      if (n % 2 === 0) sink.write(line(n));
      else {
        const at = n * 7;
        const end = at + scratch.write(line(n), at, 'utf8');
        sink.writeBytes(scratch, at, end);
        scratch.fill(0x21); // the caller reuses its buffer at once: the sink must have copied
      }
      if (n % 37 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await sink.close();
    const files = [...Array.from({ length: 50 }, (_, i) => `${file}.${50 - i}`).filter(existsSync), file];
    expect(files.length).toBeGreaterThan(3);
    expect(files.flatMap((name) => readFileSync(name, 'utf8').trimEnd().split('\n'))).toEqual(Array.from({ length: 200 }, (_, n) => line(n)));
  });

  it('writes a chunk as soon as it is full, and the lines after it only on a flush (they keep filling the next chunk)', async () => {
    const file = path.join(tempDir(), 'executions.jsonl');
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 60_000 });
    const record = Buffer.from(`{"pad":"${'p'.repeat(1000)}"}`);
    // The sink's chunks are 256 KiB: 300 lines of 1,011 bytes (newline included) fill one and start the next.
    const perChunk = Math.floor((256 * 1024) / (record.length + 1));
    for (let n = 0; n < 300; n++) sink.writeBytes(record, 0, record.length);
    // Wait for the first write to land (however slow the disk), then a little longer for anything written with it.
    for (let waited = 0; waited < 5_000 && !(existsSync(file) && statSync(file).size > 0); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(file, 'utf8').length).toBe(perChunk * (record.length + 1));
    await sink.close();
    expect(readFileSync(file, 'utf8').length).toBe(300 * (record.length + 1));
  });

  it('never rotates what is not a regular file (a FIFO a shipper reads, a device): everything goes through, the node stays', async () => {
    const fifo = path.join(tempDir(), 'executions.fifo');
    execFileSync('mkfifo', [fifo]);
    const received: Buffer[] = [];
    const reader = createReadStream(fifo);
    reader.on('data', (chunk) => void received.push(Buffer.from(chunk)));
    const ended = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const sink = jsonlFileSink({ path: fifo, maxBytes: 256, maxFiles: 3, flushIntervalMs: 5 });
    for (let n = 0; n < 60; n++) {
      sink.write(line(n));
      if (n % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await sink.close();
    await ended;
    expect(Buffer.concat(received).toString('utf8').trimEnd().split('\n')).toEqual(Array.from({ length: 60 }, (_, n) => line(n)));
    expect(existsSync(`${fifo}.1`)).toBe(false);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('keeps only maxFiles rotated files, dropping the oldest', async () => {
    const file = path.join(tempDir(), 'executions.jsonl');
    const sink = jsonlFileSink({ path: file, maxBytes: 2048, maxFiles: 2 });
    for (let n = 0; n < 200; n++) sink.write(line(n));
    await sink.close();
    expect(existsSync(`${file}.1`) && existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    const newest = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(newest.at(-1)).toBe(line(199));
  });

  it('appends to an existing file and reports, instead of throwing, when the path cannot be written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'executions.jsonl');
    for (const round of [0, 1]) {
      const sink = jsonlFileSink({ path: file });
      sink.write(line(round));
      await sink.close();
    }
    expect(readFileSync(file, 'utf8')).toBe(`${line(0)}\n${line(1)}\n`);

    const errors: string[] = [];
    const blocked = jsonlFileSink({ path: path.join(file, 'cannot', 'be', 'here.jsonl'), onError: (error) => void errors.push(error.message) });
    expect(() => blocked.write(line(2))).not.toThrow();
    await blocked.flush();
    expect(errors[0]).toMatch(/cannot write/);
    await blocked.close();
  });

  it('when the disk fills up mid-chunk, cuts the file back to its last whole line and writes the chunk again once there is room', async () => {
    const file = path.join(tempDir(), 'executions.jsonl');
    const reported: string[] = [];
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 5, onError: (error) => void reported.push(error.message) });
    sink.write(line(0));
    await sink.flush();
    const disk = await fillDiskAfter(1_000); // room for a few lines and part of the next
    try {
      for (let n = 1; n < 40; n++) sink.write(line(n));
      await sink.flush();
      expect(reported).toEqual([expect.stringMatching(/ENOSPC/)]);
      expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    } finally {
      disk.free();
    }
    await sink.close();
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.map((text) => (JSON.parse(text) as { id: string }).id)).toEqual(Array.from({ length: 40 }, (_, n) => `r-${n}`));
  });

  it('spill file: an append the full disk cut short leaves no fragment for later records to be glued to', async () => {
    const file = path.join(tempDir(), 'spill.jsonl');
    const reported: string[] = [];
    const spill = new SpillFile(file, (error) => void reported.push(error.message));
    await spill.ready;
    for (let n = 0; n < 5; n++) spill.appendLine(line(n));
    await spill.settled();
    const disk = await fillDiskAfter(500);
    try {
      for (let n = 5; n < 20; n++) spill.appendLine(line(n));
      await spill.settled();
    } finally {
      disk.free();
    }
    expect(reported).toEqual([expect.stringMatching(/15 records could not be written and are lost: ENOSPC/)]);
    for (let n = 20; n < 25; n++) spill.appendLine(line(n));
    await spill.settled();
    const batch = await spill.readBatch(1_000, 1 << 20);
    const ids = batch!.bytes.toString('utf8').split('\n').filter(Boolean).map((text) => (JSON.parse(text) as { id: string }).id);
    expect(ids).toEqual([...Array.from({ length: 5 }, (_, n) => `r-${n}`), ...Array.from({ length: 5 }, (_, n) => `r-${20 + n}`)]);
    expect(spill.pendingBytes).toBe(batch!.bytes.length);
    await spill.close();
  });

});

describe('jsonlFileSink timing', () => {
  it('writes a line that came while the writer was busy within flushIntervalMs, with no flush and no later line', async () => {
    const file = path.join(tempDir(), 'executions.jsonl');
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 50 });
    const big = (n: number) => JSON.stringify({ n, pad: 'x'.repeat(60_000) });
    for (let n = 1; n <= 3; n++) sink.write(big(n));
    void sink.flush(); // seals and clears the timer while the first writes are under way
    sink.write(JSON.stringify({ n: 'tail' }));
    const hasTail = () => existsSync(file) && readFileSync(file, 'utf8').includes('tail');
    for (let waited = 0; waited < 3_000 && !hasTail(); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => (JSON.parse(text) as { n: unknown }).n)).toEqual([1, 2, 3, 'tail']);
    await sink.close();
  });

  it('resolves a flush once the lines before it are written, while records keep coming', async () => {
    const file = path.join(tempDir(), 'executions.jsonl');
    const sink = jsonlFileSink({ path: file, flushIntervalMs: 5 });
    let writing = true;
    let n = 0;
    const load = (async () => {
      // Lines of 60 kB, one after the other: the writer always has a batch to take, so it is never idle.
      while (writing) {
        sink.write(JSON.stringify({ n: n++, pad: 'p'.repeat(60_000) }));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = n;
    const flushed = await Promise.race([sink.flush().then(() => 'flushed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000))]);
    writing = false;
    await load;
    expect(flushed).toBe('flushed');
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(before);
    await sink.close();
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).length).toBe(n);
  });
});

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
