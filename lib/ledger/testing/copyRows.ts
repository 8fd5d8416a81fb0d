// Builds PostgreSQL binary COPY streams for tests of the verification reader: not used at run time.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A field's binary COPY value: bytes as they are, null for SQL NULL. */
export type CopyField = Buffer | null;

export function copyStream(rows: CopyField[][]): Buffer {
  const parts: Buffer[] = [SIGNATURE, Buffer.alloc(8)];
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field === null ? -1 : field.length);
      parts.push(length);
      if (field) parts.push(field);
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

export const int8 = (value: number | bigint): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(BigInt(value));
  return buffer;
};
export const int4 = (value: number): Buffer => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
export const float8 = (value: number): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleBE(value);
  return buffer;
};
export const bool = (value: boolean): Buffer => Buffer.of(value ? 1 : 0);
export const text = (value: string): Buffer => Buffer.from(value, 'utf8');
/** json's binary form: the JSON text as it is stored. */
export const json = (text: string): Buffer => Buffer.from(text, 'utf8');
/** timestamptz: microseconds since 2000-01-01 UTC. */
export const timestamptz = (iso: string): Buffer => int8(BigInt(Date.parse(iso) - 946_684_800_000) * 1000n);
