import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonicalJson';
import { chainHash, GENESIS_CHAIN_HASH, leafHash } from '../hashes';
import { CompactRange } from '../merkle';
import { formatCheckpoint, signNote, verifierKey } from '../signedNote';
import { entryLine, readExportHead } from './exportFile';
import { verifyEntries, type VerifiableEntry, type VerifyReport } from './verifyEntries';
import { verifyExportFile } from './verifyExportFile';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-export-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORIGIN = 'warden.local/staging';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = { name: 'warden.local', privateKey };
const VERIFIER = verifierKey('warden.local', publicKey);
const SIZE = 300;
const SIGNED_AT = [100, 250, SIZE];

/** Documents of every kind an export holds: escapes, non-ASCII text, and a few far longer than a test range. */
function documentOf(seq: number): string {
  const long = seq % 97 === 13 ? 'x'.repeat(12_000) : '';
  return canonicalJson({ id: `evt-${seq}`, output: `line "${seq}"\n\tüñï€ 🚀 \\ ${long}`, n: seq * 1.5, ok: seq % 3 === 0 });
}

/** A whole-log export as `warden export` writes it: header, every entry, the checkpoints. */
function exportLines(): string[] {
  const merkle = new CompactRange();
  let chain = GENESIS_CHAIN_HASH;
  const entries: string[] = [];
  const checkpoints: string[] = [];
  for (let seq = 0; seq < SIZE; seq++) {
    const data = documentOf(seq);
    const leaf = leafHash(data);
    chain = chainHash(chain, leaf);
    merkle.append(leaf);
    entries.push(entryLine({ seq, data, leafHash: leaf, chainHash: chain }).trimEnd());
    if (SIGNED_AT.includes(seq + 1)) {
      const note = signNote(formatCheckpoint({ origin: ORIGIN, size: seq + 1, rootHash: merkle.root() }), [signer]);
      checkpoints.push(JSON.stringify({ type: 'checkpoint', size: seq + 1, signed_note: note }));
    }
  }
  const header = JSON.stringify({ type: 'warden-ledger-export', version: 1, environment: 'staging', origin: ORIGIN, size: SIZE });
  return [header, ...entries, ...checkpoints];
}

const write = (text: string): string => {
  const file = path.join(dir, `export-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, text);
  return file;
};

const comparable = ({ seconds: _, ...report }: VerifyReport) => report;

/** The plain reading: every line parsed in order and handed to the one-entry-at-a-time verifier. */
async function onePass(file: string): Promise<VerifyReport> {
  const { header, checkpoints } = await readExportHead(file);
  async function* entries(): AsyncGenerator<VerifiableEntry> {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line);
      if (parsed.type === 'entry') yield { seq: parsed.seq, data: parsed.data, leafHash: Buffer.from(parsed.leaf_hash, 'base64'), chainHash: Buffer.from(parsed.chain_hash, 'base64') };
    }
  }
  return verifyEntries(entries(), { checkpoints, verifiers: [VERIFIER], origin: ORIGIN, expectedSize: header.size });
}

/** Range by range, in this thread and in worker threads, with ranges that end inside lines (and lines longer than a range). */
async function byRanges(file: string): Promise<VerifyReport[]> {
  const { header, checkpoints } = await readExportHead(file);
  const options = { checkpoints, verifiers: [VERIFIER], origin: ORIGIN, expectedSize: header.size };
  return [
    await verifyExportFile(file, { ...options, workers: 0, rangeBytes: 997 }),
    await verifyExportFile(file, { ...options, workers: 2, rangeBytes: 4_096 }),
    await verifyExportFile(file, options),
  ];
}

const entryAt = (lines: string[], seq: number) => lines.findIndex((line) => line.startsWith(`{"type":"entry","seq":${seq},`));

describe('verifyExportFile', () => {
  it('verifies a whole export, every entry and every signed root, in this thread and in workers', async () => {
    const file = write(`${exportLines().join('\n')}\n`);
    const reference = await onePass(file);
    expect(reference).toMatchObject({ entries: SIZE, checkpointsChecked: SIGNED_AT.length, firstProblem: null });
    for (const report of await byRanges(file)) expect(comparable(report)).toEqual(comparable(reference));
  });

  const tampered: Array<[string, (lines: string[]) => string[], number, RegExp]> = [
    ['one byte of a document changed', (lines) => lines.map((line, i) => (i === entryAt(lines, 137) ? line.replace('evt-137', 'evt-138') : line)), 137, /content changed/],
    ['an entry removed', (lines) => lines.filter((_, i) => i !== entryAt(lines, 50)), 50, /entry 50 is missing/],
    ['two entries swapped', (lines) => {
      const a = entryAt(lines, 80);
      return lines.map((line, i) => (i === a ? lines[a + 1]! : i === a + 1 ? lines[a]! : line));
    }, 80, /entry 80 is missing/],
    ['an entry repeated', (lines) => lines.flatMap((line, i) => (i === entryAt(lines, 10) ? [line, line] : [line])), 10, /appears twice/],
    ['a forged entry inserted, its own hashes recomputed', (lines) => {
      const at = entryAt(lines, 121);
      const before = JSON.parse(lines[at - 1]!);
      const data = documentOf(9999);
      const leaf = leafHash(data);
      const forged = entryLine({ seq: 121, data, leafHash: leaf, chainHash: chainHash(Buffer.from(before.chain_hash, 'base64'), leaf) }).trimEnd();
      return [...lines.slice(0, at), forged, ...lines.slice(at)];
    }, 121, /appears twice/],
    ['the stored chain hash of an entry rewritten', (lines) => lines.map((line, i) => {
      if (i !== entryAt(lines, 200)) return line;
      const entry = JSON.parse(line);
      return JSON.stringify({ ...entry, chain_hash: Buffer.alloc(32, 7).toString('base64') });
    }), 200, /hash chain breaks/],
    ['the tail cut off (checkpoints kept)', (lines) => lines.filter((_, i) => i < entryAt(lines, 280) || i > entryAt(lines, SIZE - 1)), 280, /covers 300 entries but the log ends at 280/],
  ];

  it.each(tampered)('%s: fails at the same seq as one pass through the file', async (_, change, seq, problem) => {
    const file = write(`${change(exportLines()).join('\n')}\n`);
    const reference = await onePass(file);
    expect(reference.firstProblem).toEqual({ seq, problem: expect.stringMatching(problem) });
    for (const report of await byRanges(file)) expect(comparable(report)).toEqual(comparable(reference));
  });

  it('reads CRLF line ends, blank lines, a last line without its newline and checkpoints placed before the entries', async () => {
    const lines = exportLines();
    const checkpoints = lines.filter((line) => line.startsWith('{"type":"checkpoint"'));
    const reordered = [lines[0]!, ...checkpoints, ...lines.slice(1, 1 + SIZE).flatMap((line, i) => (i % 50 === 0 ? ['', '  ', line] : [line]))];
    const file = write(reordered.join('\r\n'));
    for (const report of await byRanges(file)) expect(report).toMatchObject({ entries: SIZE, checkpointsChecked: SIGNED_AT.length, firstProblem: null });
  });

  it('names the seq due where a line is not JSON or an entry line has no valid seq, data or hashes', async () => {
    const broken = (at: number, replace: (line: string) => string) => {
      const lines = exportLines();
      lines[at] = replace(lines[at]!);
      return write(`${lines.join('\n')}\n`);
    };
    const lines = exportLines();
    const cut = (line: string) => line.slice(0, 60);
    const withoutData = (line: string) => JSON.stringify({ ...JSON.parse(line), data: undefined });
    // In the middle of a range, first in a range (the first entry, after the short header), and after the last entry.
    for (const [at, seq, replace, problem] of [
      [entryAt(lines, 200), 200, cut, /^the export line at byte \d+ is not JSON/],
      [entryAt(lines, 200), 200, withoutData, /^the entry line at byte \d+ has no valid seq, data, leaf_hash or chain_hash$/],
      [entryAt(lines, 0), 0, cut, /^the export line at byte 1\d\d is not JSON/],
      [entryAt(lines, 0), 0, withoutData, /^the entry line at byte 1\d\d has no valid seq/],
      [lines.length - 1, SIZE, cut, /^the export line at byte \d+ is not JSON/],
    ] as const) {
      for (const report of await byRanges(broken(at, replace))) expect(report.firstProblem).toEqual({ seq, problem: expect.stringMatching(problem) });
    }
  });

  it('finds the header and checkpoints without parsing entry lines, and refuses a file without a header', async () => {
    const lines = exportLines();
    const head = await readExportHead(write(lines.join('\n')));
    expect(head.header).toMatchObject({ type: 'warden-ledger-export', size: SIZE, origin: ORIGIN });
    expect(head.checkpoints).toHaveLength(SIGNED_AT.length);
    await expect(readExportHead(write(lines.slice(1).join('\n')))).rejects.toThrow(/is not a Warden ledger export \(no header line\)/);
  });
});
