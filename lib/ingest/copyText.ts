/** One value in PostgreSQL's COPY text format. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (Buffer.isBuffer(value)) return '\\\\x' + value.toString('hex');
  if (value instanceof Date) return value.toISOString();
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

export function copyLine(values: unknown[]): string {
  return values.map(copyText).join('\t') + '\n';
}
