export const SORTS = ['time', 'duration', 'seq'] as const;
export type Sort = (typeof SORTS)[number];
export type Order = 'asc' | 'desc';

/**
 * Where a keyset page ends: the sort key and seq of its last row. The next page starts strictly
 * after it, so pages never shift when new records arrive (no OFFSET).
 */
export interface Cursor {
  sort: Sort;
  order: Order;
  /** ISO time (sort=time), milliseconds (sort=duration) or null (sort=seq). */
  value: string | number | null;
  seq: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.value, cursor.seq])).toString('base64url');
}

/** Null when the text is not a cursor this version issued. */
export function decodeCursor(text: string): Cursor | null {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 4) return null;
  const [sort, order, value, seq] = parts as unknown[];
  if (!(SORTS as readonly unknown[]).includes(sort) || (order !== 'asc' && order !== 'desc')) return null;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return null;
  const valid = sort === 'time' ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
    : sort === 'duration' ? typeof value === 'number' && Number.isFinite(value)
      : value === null;
  return valid ? { sort: sort as Sort, order, value: value as Cursor['value'], seq: seq as number } : null;
}

/** The cursor after a row, read from the row's sort key. */
export function cursorAfter(sort: Sort, order: Order, row: { seq: number; timestamp: Date; durationMs: number | null }): Cursor {
  const value = sort === 'time' ? row.timestamp.toISOString() : sort === 'duration' ? row.durationMs : null;
  return { sort, order, value, seq: row.seq };
}
