import { describe, expect, it } from 'vitest';
import type { Environment } from '../../environment';
import { STRING_FIELDS } from '../../ingest/executionRecord';
import { canonicalBytes } from '../hashes';
import { documentFromExecutionColumns, type ExecutionColumns } from '../rowDocuments';
import { bool, copyStream, float8, int4, int8, jsonb, text, timestamptz, type CopyField } from '../testing/copyRows';
import { generate, jsonbText, random } from '../testing/generatedJson';
import { BinaryCopyParser } from './binaryCopy';
import { EXECUTION_COPY_COLUMNS, executionEntry } from './executionCopy';
import type { VerifiableEntry } from './verifyEntries';

type Row = { columns: ExecutionColumns; fields: Record<string, CopyField> };

/** A row as PostgreSQL would send it, and the same row decoded the way node-postgres rows were. */
function generatedRow(next: () => number, seq: number): Row {
  const optional: Record<string, unknown> = {};
  const fields: Record<string, CopyField> = {};
  const absent = () => next() < 0.3;
  const string = () => {
    const value = generate(next, 4);
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  for (const field of STRING_FIELDS) {
    const value = absent() ? null : string();
    optional[field] = value;
    fields[field] = value === null ? null : text(value);
  }
  for (const field of ['arguments', 'output', 'side_effects', 'attributes']) {
    const json = absent() ? null : next() < 0.5 ? JSON.stringify(generate(next, 0)) : jsonbText(generate(next, 0), next);
    optional[field] = json === null ? null : JSON.parse(json);
    fields[field] = json === null ? null : jsonb(json);
  }
  const duration = absent() ? null : [0, -0, 0.1, 1e21, 1e-7, 5e-324, next() * 1e4][Math.floor(next() * 7)]!;
  optional.duration_ms = duration;
  fields.duration_ms = duration === null ? null : float8(duration);
  for (const field of ['input_tokens', 'output_tokens']) {
    const tokens = absent() ? null : Math.floor((next() - 0.1) * 2 ** 31);
    optional[field] = tokens;
    fields[field] = tokens === null ? null : int4(tokens);
  }
  const columns: ExecutionColumns = { id: string(), environment: next() < 0.5 ? 'staging' : 'production', timestamp: new Date(Math.floor((next() - 0.3) * 1e13)).toISOString(),
    is_error: next() < 0.5, rawSha256: Buffer.from(Array.from({ length: 32 }, () => Math.floor(next() * 256))), optional };
  Object.assign(fields, { seq: int8(seq), leaf_hash: Buffer.alloc(32, seq), chain_hash: Buffer.alloc(32, 255 - (seq % 256)), id: text(columns.id),
    environment: text(columns.environment), timestamp: timestamptz(columns.timestamp), is_error: bool(columns.is_error), raw_sha256: columns.rawSha256 });
  return { columns, fields };
}

/** Parses a COPY stream cut into chunks of `chunkSize` bytes, as sockets cut it. */
function entries(stream: Buffer, chunkSize: number, environmentOf: (index: number) => Environment): VerifiableEntry[] {
  const parser = new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length);
  const found: VerifiableEntry[] = [];
  for (let at = 0; at < stream.length; at += chunkSize) parser.push(stream.subarray(at, at + chunkSize), (row) => found.push(executionEntry(row, environmentOf(found.length))));
  parser.end();
  return found;
}

describe('executionEntry (binary COPY rows → canonical documents)', () => {
  it('writes exactly canonicalBytes(documentFromExecutionColumns(…)) for 3,000 generated rows, however the stream is cut', () => {
    const next = random(2615);
    const rows = Array.from({ length: 3_000 }, (_, seq) => generatedRow(next, seq));
    const stream = copyStream(rows.map((row) => EXECUTION_COPY_COLUMNS.map((name) => row.fields[name] ?? null)));
    for (const chunkSize of [stream.length, 65_536, 997, 7]) {
      const found = entries(stream, chunkSize, (index) => rows[index]!.columns.environment);
      expect(found).toHaveLength(rows.length);
      found.forEach((entry, seq) => {
        expect(entry.seq).toBe(seq);
        expect(entry.leafHash.equals(Buffer.alloc(32, seq))).toBe(true);
        expect(entry.chainHash.equals(Buffer.alloc(32, 255 - (seq % 256)))).toBe(true);
        expect(Buffer.from(entry.data).toString(), JSON.stringify(rows[seq]!.columns)).toBe(canonicalBytes(documentFromExecutionColumns(rows[seq]!.columns)).toString());
      });
    }
  });

  it('decodes invalid UTF-8 as node-postgres did (U+FFFD), and treats a jsonb null as absent', () => {
    const next = random(77);
    const row = generatedRow(next, 5);
    row.fields.tool_name = Buffer.from([0x61, 0xff, 0x62]);
    row.columns.optional.tool_name = 'a\ufffdb';
    row.fields.output = jsonb('null');
    row.columns.optional.output = null;
    const [entry] = entries(copyStream([EXECUTION_COPY_COLUMNS.map((name) => row.fields[name] ?? null)]), 1 << 20, () => row.columns.environment);
    expect(Buffer.from(entry!.data).equals(canonicalBytes(documentFromExecutionColumns(row.columns)))).toBe(true);
  });

  it('refuses a truncated stream', () => {
    const stream = copyStream([EXECUTION_COPY_COLUMNS.map(() => null)]);
    const parser = new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length);
    parser.push(stream.subarray(0, stream.length - 1), () => {});
    expect(() => parser.end()).toThrow(/ended early/);
  });
});
