import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
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
