import { closeSync, openSync, readSync } from 'node:fs';
import { leafHashLatin1 } from '../hashes';
import { SpanCheck } from './spanCheck';
import type { CheckedSpan, VerifyProblem } from './verifyEntries';

/** A byte range of an export checked on its own: a CheckedSpan, or (`from` null) no entry in it, with a problem or without. */
export type ExportSpan = Omit<CheckedSpan, 'from'> & { from: number | null };

const NEWLINE = 0x0a;
const BLANK = /^\s*$/;

/** Reads file bytes [position, position + length) into buffer[offset, …) up to the end of the file; returns the bytes read. */
function readAt(fd: number, buffer: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, offset + done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done;
}

// Reused from range to range (a fresh 8 MB buffer per range costs its page faults): every caller is synchronous
// and done with the bytes before it returns.
let readBuffer = Buffer.allocUnsafe(0);

/**
 * The lines of an export that start in bytes [start, end) (a line that starts before `start` belongs to the
 * range before; one that starts inside and runs past `end` is read to its end), as `buffer[s, e)` pairs.
 */
function rangeLines(file: string, start: number, end: number): { buffer: Buffer; bounds: number[]; base: number } {
  const fd = openSync(file, 'r');
  try {
    // From one byte early: whether that byte is a newline says whether `start` begins a line.
    const base = Math.max(0, start - 1);
    const want = end - base + 64 * 1024;
    if (readBuffer.length < want) readBuffer = Buffer.allocUnsafe(want);
    let buffer = readBuffer;
    let read = readAt(fd, buffer, 0, want, base);
    let atEof = read < want;
    // Searched through this view only: the buffer past what was read holds old memory.
    let bytes = buffer.subarray(0, read);
    const bounds: number[] = [];
    let s = start === 0 ? 0 : bytes.indexOf(NEWLINE) + 1;
    if (s === 0 && start > 0) return { buffer: bytes, bounds, base }; // no line starts in this range
    while (s < end - base && s < bytes.length) {
      let newline = bytes.indexOf(NEWLINE, s);
      while (newline === -1 && !atEof) {
        // The range's last line runs on past `end`: read on to its end.
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        bytes.copy(grown);
        read = readAt(fd, grown, bytes.length, grown.length - bytes.length, base + bytes.length);
        atEof = read < grown.length - bytes.length;
        buffer = readBuffer = grown;
        bytes = grown.subarray(0, bytes.length + read);
        newline = bytes.indexOf(NEWLINE, s);
      }
      const lineEnd = newline === -1 ? bytes.length : newline;
      bounds.push(s, lineEnd);
      s = lineEnd + 1;
    }
    return { buffer: bytes, bounds, base };
  } finally {
    closeSync(fd);
  }
}

// Stored hashes decoded here, the leaf's at 0 and the chain's at 64 (base64 of a forged value may be longer than 32 bytes).
const stored = Buffer.alloc(128);

/**
 * Checks the entries of an export (`warden export`'s JSON lines) whose lines start in bytes [start, end),
 * as checkRange does for rows: each leaf recomputed from `data`, each chain hash after the range's first
 * against the stored one before it, seqs consecutive; header and checkpoint lines are passed over (the
 * caller read them first). Synchronous, so worker threads and the main thread run it alike. Stops at the
 * first problem; a line that is not JSON or an entry line without its fields is one, at the seq expected there.
 */
export function checkExportRange(file: string, start: number, end: number): ExportSpan {
  const { buffer, bounds, base } = rangeLines(file, start, end);
  let span: SpanCheck | null = null;
  let problem: VerifyProblem | null = null;
  for (let i = 0; i < bounds.length && !problem; i += 2) {
    const text = buffer.toString('utf8', bounds[i]!, bounds[i + 1]!);
    let line: { type?: unknown; seq?: unknown; leaf_hash?: unknown; chain_hash?: unknown; data?: unknown };
    try {
      line = JSON.parse(text);
    } catch (error) {
      if (BLANK.test(text)) continue;
      problem = { seq: span?.expected ?? -1, problem: `the export line at byte ${base + bounds[i]!} is not JSON (${(error as Error).message})` };
      break;
    }
    if (line === null || typeof line !== 'object' || line.type !== 'entry') continue;
    const { seq, data, leaf_hash: leafHash, chain_hash: chainHash } = line;
    if (!Number.isSafeInteger(seq) || typeof data !== 'string' || typeof leafHash !== 'string' || typeof chainHash !== 'string') {
      problem = { seq: span?.expected ?? -1, problem: `the entry line at byte ${base + bounds[i]!} has no valid seq, data, leaf_hash or chain_hash` };
      break;
    }
    span ??= new SpanCheck(seq as number, bounds.length / 2 - i / 2);
    const leafLength = stored.write(leafHash, 0, 64, 'base64');
    const chainLength = stored.write(chainHash, 64, 64, 'base64');
    if (!span.add(seq as number, leafHashLatin1(data), stored, 0, leafLength, stored, 64, 64 + chainLength)) problem = span.problem;
  }
  if (span) {
    const result = span.result();
    return problem && !span.problem ? { ...result, problem } : result;
  }
  return { from: null, leaves: new Uint8Array(0), firstChainHash: null, lastChainHash: null, problem };
}
