import { describe, expect, it } from 'vitest';
import { randomRecordId } from './recordIds';

describe('randomRecordId', () => {
  it('gives version 4 UUIDs, never the same twice, across many batches', () => {
    const ids = Array.from({ length: 50_000 }, () => randomRecordId());
    const wrong = ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id));
    expect(wrong).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    // Every hex digit of the random part shows up in every position: the bytes are used, not a constant.
    for (const position of [0, 9, 15, 20, 35]) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
  });
});
