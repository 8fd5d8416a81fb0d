import { describe, expect, it } from 'vitest';
import { JsonByteWriter } from './jsonBytes';

/** What the writer appends for `value`, or undefined when it declines (the caller then uses JSON.stringify). */
function written(value: unknown): Buffer | undefined {
  const writer = new JsonByteWriter();
  writer.ascii('>'); // never at offset 0: the writer must append, not overwrite
  const ok = writer.json(value);
  const bytes = Buffer.from(writer.buffer.subarray(1, writer.length));
  if (!ok) {
    expect(writer.length).toBe(1); // declining leaves nothing behind
    return undefined;
  }
  return bytes;
}

const stringified = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

describe('JsonByteWriter.json', () => {
  it('writes the bytes of JSON.stringify for text of every kind', () => {
    const texts = [
      '', 'hello', 'ü', 'naïve café', '日本語のテキスト', '😀 emoji and 𝄞', 'a\u2028b\u2029c', 'quote " and backslash \\ and slash /',
      '\u0000\u0001\u0007\b\t\n\u000b\f\r\u000e\u001f\u007f\u0080\u00ff', 'lone high \ud800 end', 'lone low \udc00 start', '\ud83d', '\ude00\ud83d',
      'pair then lone \ud83d\ude00\ud83d', '\udbff\udfff', '\uffff\ufffe', 'x'.repeat(200), `${'long ascii '.repeat(20)}"quoted"`,
      `${'long ünïcödé '.repeat(20)}`, `${'long with lone surrogate '.repeat(5)}\ud800`, `${'long with newline '.repeat(5)}\n`,
    ];
    for (const text of texts) {
      expect(written(text), JSON.stringify(text)).toEqual(stringified(text));
      expect(written({ [text]: text }), `key ${JSON.stringify(text)}`).toEqual(stringified({ [text]: text }));
    }
    for (let c = 0; c < 0x10000; c++) {
      const text = `a${String.fromCharCode(c)}b`;
      const bytes = written(text);
      if (!bytes?.equals(stringified(text))) throw new Error(`U+${c.toString(16)}: ${bytes?.toString('hex')} ≠ ${stringified(text).toString('hex')}`);
    }
  });

  it('writes numbers, booleans and null as JSON.stringify does', () => {
    const numbers = [0, -0, 1, -1, 7, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32, -(2 ** 31), 0.1, 1.5, -2.25, 1e21, 1e-7, 123456789.123, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];
    for (const n of numbers) expect(written(n), String(n)).toEqual(stringified(n));
    for (const value of [true, false, null, [true, false, null]]) expect(written(value)).toEqual(stringified(value));
  });

  it('writes nested objects and arrays, leaving out what JSON.stringify leaves out', () => {
    const values: unknown[] = [
      {}, [], { a: 1, b: 'two', c: [1, 2, { d: null }], e: { f: { g: { h: [[], {}] } } } },
      { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: 1, [Symbol('key')]: 'symbol keys are ignored' },
      [undefined, () => 1, Symbol('s'), 1], { only: undefined }, [, 1, , 2], // eslint-disable-line no-sparse-arrays
      { 2: 'two', 1: 'one', b: 'b', a: 'a', 10: 'ten' }, Object.assign(Object.create(null), { bare: true, nested: Object.assign(Object.create(null), { x: 1 }) }),
      { content: [{ type: 'text', text: 'hello 1' }], structuredContent: { rows: [1, 2, null], ok: true }, _meta: { 'warden/version': '3' } },
    ];
    for (const value of values) expect(written(value), JSON.stringify(value)).toEqual(stringified(value));
    const deleted: Record<string, unknown> = { a: 1, b: 2, c: 3 };
    delete deleted.b;
    expect(written(deleted)).toEqual(stringified(deleted));
  });

  it('calls toJSON with the key JSON.stringify passes, and writes what it returns', () => {
    const keys: string[] = [];
    const spy = { toJSON: (key: string) => (keys.push(key), { from: key }) };
    const value = { date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), spy, list: [spy, spy], nested: { toJSON: () => ({ deeper: { toJSON: () => 'last' } }) } };
    expect(written(value)).toEqual(stringified(value));
    expect(keys).toEqual(['spy', '0', '1', 'spy', '0', '1']); // once for the writer, once for JSON.stringify
    expect(written({ gone: { toJSON: () => undefined }, kept: 1 })).toEqual(stringified({ gone: { toJSON: () => undefined }, kept: 1 }));
    expect(written([{ toJSON: () => undefined }])).toEqual(stringified([{ toJSON: () => undefined }]));
    expect(written({ toJSON: () => undefined })).toBeUndefined(); // JSON.stringify writes nothing at all
    expect(written(new Date(Date.UTC(2026, 5, 1)))).toEqual(stringified(new Date(Date.UTC(2026, 5, 1))));
  });

  it('reads toJSON once, as JSON.stringify does (a getter may answer differently the second time)', () => {
    let reads = 0;
    const once = { get toJSON() { reads++; return reads === 1 ? () => 'x' : undefined; } };
    expect(written({ a: once })?.toString()).toBe('{"a":"x"}');
    expect(reads).toBe(1);
  });

  it('reads an array\'s length once, as JSON.stringify does, even when a toJSON adds to the array on the way', () => {
    const growing = (): unknown[] => {
      const list: unknown[] = [1];
      list.push({ toJSON: () => (list.push(9), 2) });
      return list;
    };
    expect(written(growing())).toEqual(stringified(growing()));
    expect(written(growing())?.toString()).toBe('[1,2]');
  });

  it('writes own enumerable properties only, even when Object.prototype was given enumerable ones (before the write, or by a toJSON or a getter during it)', () => {
    const hidden = Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false });
    expect(written(hidden)).toEqual(stringified(hidden));
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.polluted = 'inherited';
      const value = { a: 1, nested: { b: [{ c: 2 }] } };
      expect(JSON.stringify(value)).not.toContain('polluted');
      expect(written(value)).toBeUndefined(); // declined: JSON.stringify, which ignores inherited keys, writes it
    } finally {
      delete proto.polluted;
    }
    try {
      const pollutes = { toJSON: () => ((proto.late = 'inherited'), 'first') };
      const value = { first: pollutes, after: { x: 1 } };
      expect(written(value)).toBeUndefined(); // `after` would have shown `late`
      expect(JSON.stringify(value)).toBe('{"first":"first","after":{"x":1}}');
    } finally {
      delete proto.late;
    }
    try {
      const value = { get first() { proto.byGetter = 'inherited'; return 1; }, after: { x: 1 } };
      expect(written(value)).toBeUndefined();
    } finally {
      delete proto.byGetter;
    }
    expect(written({ a: { b: 1 } })).toEqual(stringified({ a: { b: 1 } }));
  });

  it('declines what it does not write itself, so the caller can fall back to JSON.stringify', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    let deep: unknown = 'bottom';
    for (let i = 0; i < 500; i++) deep = { down: [deep] };
    for (const value of [undefined, () => 1, Symbol('s'), new Point(1), { p: new Point(2) }, [new Map([[1, 2]])], new Uint8Array([1, 2]), Object(5), { n: 10n }, circular, deep]) {
      expect(written(value)).toBeUndefined();
    }
    expect(() => JSON.stringify(circular)).toThrow(TypeError); // the fallback still fails as loudly as before
  });

  it('grows past its first buffer without losing what it holds', () => {
    const big = { text: 'ü'.repeat(20_000), rows: Array.from({ length: 5_000 }, (_, i) => ({ i, s: `row ${i} \u0001` })) };
    expect(written(big)).toEqual(stringified(big));
  });
});

describe('JsonByteWriter primitives', () => {
  it('writes integers in decimal, and ASCII and UTF-8 text as given', () => {
    const writer = new JsonByteWriter();
    for (const n of [0, 1, 9, 10, 4_294_967, 2_147_483_647]) {
      writer.reset();
      writer.digits(n);
      expect(writer.buffer.toString('latin1', 0, writer.length)).toBe(String(n));
    }
    writer.reset();
    writer.ascii('{"id":');
    writer.utf8('"ü😀"');
    writer.bytes(Buffer.from(',"k":1}'));
    expect(writer.buffer.toString('utf8', 0, writer.length)).toBe('{"id":"ü😀","k":1}');
  });
});
