import { describe, expect, it } from 'vitest';
import { randomRecordId, RECORD_ID_LENGTH, writeRecordId } from './recordIds';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function checkIds(ids: string[]): void {
  const wrong = ids.filter((id) => !UUID_V4.test(id));
  expect(wrong).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
  // Every hex digit of the random part shows up in every position: the bytes are used, not a constant.
  for (const position of [0, 7, 9, 12, 15, 17, 20, 22, 24, 35]) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
  // The variant digit takes all four of its values (two random bits), the version digit none but 4.
  expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
}

describe('record ids', () => {
  it('are version 4 UUIDs, never the same twice, across many batches', () => {
    checkIds(Array.from({ length: 50_000 }, () => randomRecordId()));
  });

  it('are written as bytes at any offset, touching nothing around them, drawn from the same sequence as the strings', () => {
    const target = Buffer.alloc(100, 0x7e);
    const ids: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      const at = n % 64;
      writeRecordId(target, at);
      ids.push(target.toString('latin1', at, at + RECORD_ID_LENGTH));
      expect(target[at - 1] ?? 0x7e).toBe(0x7e);
      expect(target[at + RECORD_ID_LENGTH]).toBe(0x7e);
      target.fill(0x7e);
      if (n % 2 === 0) ids.push(randomRecordId());
    }
    checkIds(ids);
  });
});
