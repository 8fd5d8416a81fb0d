import { db } from '../db/client';
import type { Environment } from '../environment';

export interface QuarantinedLineView {
  seq: number;
  ingestedAt: Date;
  line: number;
  reason: string;
  size: number;
  /** The first bytes as text when they are valid UTF-8, else as hex: evidence is shown, never altered. */
  preview: string;
  previewIsHex: boolean;
}

const PREVIEW_BYTES = 240;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function preview(raw: Uint8Array): { preview: string; previewIsHex: boolean } {
  const head = raw.subarray(0, PREVIEW_BYTES);
  try {
    return { preview: utf8.decode(head), previewIsHex: false };
  } catch {
    return { preview: Buffer.from(head).toString('hex'), previewIsHex: true };
  }
}

/** The most recent quarantined lines of an environment's log, newest first. */
export async function listQuarantinedLines(environment: Environment, limit = 50): Promise<QuarantinedLineView[]> {
  const rows = await db().quarantinedLine.findMany({ where: { environment }, orderBy: { seq: 'desc' }, take: limit });
  return rows.map((row) => ({
    seq: Number(row.seq), ingestedAt: row.ingestedAt, line: row.line, reason: row.reason, size: row.raw.length, ...preview(row.raw),
  }));
}
