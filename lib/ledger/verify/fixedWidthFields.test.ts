import { describe, expect, it } from 'vitest';
import { documentBytes, startDocument } from '../documentArena';
import { random } from '../testing/generatedJson';
import { writeHexString, writeIsoTimestamp } from './fixedWidthFields';

describe('writeIsoTimestamp', () => {
  it('writes JSON.stringify(new Date(ms).toISOString()) across years, leap days and both ends of the fast range', () => {
    const next = random(1970);
    const samples = [0, 1, 999, 86_399_999, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, -62_198_755_200_000,
      ...Array.from({ length: 20_000 }, () => Math.floor(next() * 253_402_300_800_000))];
    for (const millis of samples) {
      startDocument();
      writeIsoTimestamp(millis);
      expect(documentBytes().toString(), String(millis)).toBe(JSON.stringify(new Date(millis).toISOString()));
    }
  });
});

describe('writeHexString', () => {
  it('writes JSON.stringify(bytes.toString("hex")) of a range', () => {
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    startDocument();
    writeHexString(bytes, 3, 290);
    expect(documentBytes().toString()).toBe(JSON.stringify(bytes.toString('hex', 3, 290)));
  });
});
