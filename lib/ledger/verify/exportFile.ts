import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { VerifiableEntry } from './verifyEntries';
import type { ProvenEntry } from './verifySubset';

/** Export format (JSON lines): a header, every entry, then every checkpoint of the range. */
export type ExportLine =
  | { type: 'warden-ledger-export'; version: 1; environment: string; origin: string; size: number; subset?: string; filter?: Record<string, string> }
  | { type: 'entry'; seq: number; leaf_hash: string; chain_hash: string; data: string; inclusion_proof?: string[] }
  | { type: 'checkpoint'; size: number; signed_note: string };

export function entryLine(entry: VerifiableEntry): string {
  return JSON.stringify({ type: 'entry', seq: entry.seq, leaf_hash: entry.leafHash.toString('base64'), chain_hash: entry.chainHash.toString('base64'), data: typeof entry.data === 'string' ? entry.data : entry.data.toString('utf8') }) + '\n';
}

export interface ExportContents {
  header: Extract<ExportLine, { type: 'warden-ledger-export' }>;
  checkpoints: string[];
  /** A partial export's entries with their inclusion proofs at the header's size (see verifySubset). */
  provenEntries: () => AsyncGenerator<ProvenEntry>;
}

type ExportHead = Pick<ExportContents, 'header' | 'checkpoints'>;

// How `entryLine` starts every entry line: such lines are passed over unparsed when looking for the rest.
const ENTRY_START = Buffer.from('{"type":"entry",');
const CHUNK = 16 * 1024 * 1024;

/**
 * The header and the checkpoints of an export, wherever they stand in it, read without parsing the
 * entry lines (a whole log's export is mostly those). Lines that are not JSON are left for the
 * entries' check to report. Throws if there is no header.
 */
export async function readExportHead(file: string): Promise<ExportHead> {
  let header: ExportHead['header'] | undefined;
  const checkpoints: string[] = [];
  const take = (bytes: Buffer, start: number, end: number) => {
    if (end - start >= ENTRY_START.length && bytes.compare(ENTRY_START, 0, ENTRY_START.length, start, start + ENTRY_START.length) === 0) return;
    let line: ExportLine;
    try {
      line = JSON.parse(bytes.toString('utf8', start, end)) as ExportLine;
    } catch {
      return;
    }
    if (line?.type === 'warden-ledger-export') header ??= line;
    else if (line?.type === 'checkpoint' && typeof line.signed_note === 'string') checkpoints.push(line.signed_note);
  };
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    let kept = 0;
    for (let position = 0; ;) {
      if (kept === buffer.length) {
        // One line longer than the buffer: make room for the rest of it.
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept, position);
      position += bytesRead;
      const length = kept + bytesRead;
      const bytes = buffer.subarray(0, length);
      let start = 0;
      for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, start)) {
        take(bytes, start, newline);
        start = newline + 1;
      }
      if (bytesRead === 0) {
        if (start < length) take(bytes, start, length);
        break;
      }
      buffer.copy(buffer, 0, start, length);
      kept = length - start;
    }
  } finally {
    await handle.close();
  }
  if (!header) throw new Error(`${file} is not a Warden ledger export (no header line)`);
  return { header, checkpoints };
}

async function* lines(file: string): AsyncGenerator<ExportLine> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line) as ExportLine;
  }
}

/** Reads a partial export without a database; its entries stream (the file is read twice, never held whole). */
export async function readExport(file: string): Promise<ExportContents> {
  const { header, checkpoints } = await readExportHead(file);
  return {
    header,
    checkpoints,
    provenEntries: async function* () {
      for await (const line of lines(file)) {
        if (line.type === 'entry') {
          yield { seq: line.seq, data: line.data, leafHash: Buffer.from(line.leaf_hash, 'base64'), proof: (line.inclusion_proof ?? []).map((hash) => Buffer.from(hash, 'base64')) };
        }
      }
    },
  };
}
