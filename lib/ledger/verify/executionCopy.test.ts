import { describe, expect, it } from 'vitest';
import type { Environment } from '../../environment';
import { canonicalBytes, leafHashLatin1 } from '../hashes';
import { documentFromExecutionColumns } from '../rowDocuments';
import { copyStream, json } from '../testing/copyRows';
import { generatedRow } from '../testing/executionRows';
import { random } from '../testing/generatedJson';
import { BinaryCopyParser } from './binaryCopy';
import { EXECUTION_COPY_COLUMNS, executionEntry, executionLeaf, messageLeaf, wasmDocumentWriter } from './executionCopy';
import type { VerifiableEntry } from './verifyEntries';

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

  it('decodes invalid UTF-8 as node-postgres did (U+FFFD), and treats a stored JSON null as absent', () => {
    const next = random(77);
    const row = generatedRow(next, 5);
    row.fields.tool_name = Buffer.from([0x61, 0xff, 0x62]);
    row.columns.optional.tool_name = 'a\ufffdb';
    row.fields.output = json('null');
    row.columns.optional.output = null;
    const [entry] = entries(copyStream([EXECUTION_COPY_COLUMNS.map((name) => row.fields[name] ?? null)]), 1 << 20, () => row.columns.environment);
    expect(Buffer.from(entry!.data).equals(canonicalBytes(documentFromExecutionColumns(row.columns)))).toBe(true);
  });

  it('executionLeaf (what a range check hashes) is the leaf of executionEntry\'s document, whichever writer wrote it', () => {
    const next = random(4242);
    const rows = Array.from({ length: 1_500 }, (_, seq) => generatedRow(next, seq));
    // Bytes that are not UTF-8, which both writers leave to the field-by-field decoding.
    rows[7]!.fields.tool_name = Buffer.from([0x61, 0xff, 0x62]);
    rows[9]!.fields.prompt = Buffer.from([0xed, 0xa0, 0x80]);
    const writer = wasmDocumentWriter()!;
    const before = { written: writer.written, declined: writer.declined };
    const parser = new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length);
    let index = 0;
    parser.push(copyStream(rows.map((row) => EXECUTION_COPY_COLUMNS.map((name) => row.fields[name] ?? null))), (row) => {
      const environment = rows[index++]!.columns.environment;
      expect(executionLeaf(row, environment)).toBe(leafHashLatin1(Buffer.from(executionEntry(row, environment).data)));
    });
    expect(index).toBe(rows.length);
    // Both paths were taken, many times each.
    expect(writer.written - before.written).toBeGreaterThan(500);
    expect(writer.declined - before.declined).toBeGreaterThan(500);
  });

  it('messageLeaf takes a COPY message that is exactly one row (as PostgreSQL sends them) and nothing else', () => {
    const next = random(9090);
    const rows = Array.from({ length: 400 }, (_, seq) => generatedRow(next, seq));
    // A row alone, as a message: the stream minus its 19-byte header and 2-byte trailer.
    const message = (row: (typeof rows)[number]) => {
      const stream = copyStream([EXECUTION_COPY_COLUMNS.map((name) => row.fields[name] ?? null)]);
      return stream.subarray(19, stream.length - 2);
    };
    let taken = 0;
    rows.forEach((row, seq) => {
      const bytes = message(row);
      const environment = row.columns.environment;
      const whole = messageLeaf(bytes, environment);
      const parser = new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length);
      let expected = '';
      parser.push(copyStream([EXECUTION_COPY_COLUMNS.map((name) => row.fields[name] ?? null)]), (parsed) => (expected = executionLeaf(parsed, environment)));
      if (whole) {
        taken++;
        expect(whole).toEqual({ seq, leaf: expected });
      }
      // Two rows in one message, a cut row, a row with bytes after it: never taken whole.
      expect(messageLeaf(Buffer.concat([bytes, bytes]), environment)).toBeNull();
      expect(messageLeaf(bytes.subarray(0, bytes.length - 1), environment)).toBeNull();
      expect(messageLeaf(Buffer.concat([bytes, Buffer.of(0)]), environment)).toBeNull();
    });
    // The rest are rows the module declines (adversarial keys, early dates), which are parsed instead.
    expect(taken).toBeGreaterThan(100);
  });

  it('refuses a truncated stream', () => {
    const stream = copyStream([EXECUTION_COPY_COLUMNS.map(() => null)]);
    const parser = new BinaryCopyParser(EXECUTION_COPY_COLUMNS.length);
    parser.push(stream.subarray(0, stream.length - 1), () => {});
    expect(() => parser.end()).toThrow(/ended early/);
  });
});
