import { createReadStream } from 'node:fs';
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
  entries: () => AsyncGenerator<VerifiableEntry>;
  /** A partial export's entries with their inclusion proofs at the header's size (see verifySubset). */
  provenEntries: () => AsyncGenerator<ProvenEntry>;
}

async function* lines(file: string): AsyncGenerator<ExportLine> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line) as ExportLine;
  }
}

/** Reads an export without a database; entries stream (the file is read twice, never held whole). */
export async function readExport(file: string): Promise<ExportContents> {
  let header: ExportContents['header'] | undefined;
  const checkpoints: string[] = [];
  for await (const line of lines(file)) {
    if (line.type === 'warden-ledger-export') header = line;
    else if (line.type === 'checkpoint') checkpoints.push(line.signed_note);
  }
  if (!header) throw new Error(`${file} is not a Warden ledger export (no header line)`);
  return {
    header,
    checkpoints,
    entries: async function* () {
      for await (const line of lines(file)) {
        if (line.type === 'entry') {
          yield { seq: line.seq, data: line.data, leafHash: Buffer.from(line.leaf_hash, 'base64'), chainHash: Buffer.from(line.chain_hash, 'base64') };
        }
      }
    },
    provenEntries: async function* () {
      for await (const line of lines(file)) {
        if (line.type === 'entry') {
          yield { seq: line.seq, data: line.data, leafHash: Buffer.from(line.leaf_hash, 'base64'), proof: (line.inclusion_proof ?? []).map((hash) => Buffer.from(hash, 'base64')) };
        }
      }
    },
  };
}
