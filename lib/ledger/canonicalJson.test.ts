import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson';
import { generate, random } from './testing/generatedJson';

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the RFC 8785 §3.2.2 example exactly', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], '
      + '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    const expected = '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalJson(input)).toBe(expected);
    expect(canonicalize(input)).toBe(expected);
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const order = Object.keys(JSON.parse(canonicalJson(input)));
    expect(order.filter((key) => key !== '1')).toEqual(['\r', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalJson(input)).toBe(canonicalize(input));
    expect(canonicalJson(input).startsWith('{"\\r":"Carriage Return","1":"One","\u0080"')).toBe(true);
  });

  it.each([
    ['0000000000000000', '0'], ['8000000000000000', '0'], ['0000000000000001', '5e-324'], ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'], ['4340000000000000', '9007199254740992'], ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'], ['44b52d02c7e14af5', '9.999999999999997e+22'], ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'], ['444b1ae4d6e2ef4e', '999999999999999700000'], ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'], ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'], ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'], ['41b3de4355555554', '333333333.33333325'], ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'], ['41b3de4355555557', '333333333.33333343'], ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the IEEE 754 value %s as %s (RFC 8785 Appendix B)', (hex, expected) => {
    const value = Buffer.from(hex, 'hex').readDoubleBE(0);
    expect(canonicalJson(value)).toBe(expected);
    expect(canonicalJson([value])).toBe(canonicalize([value]));
  });

  it('is byte-identical to the canonicalize package on 20,000 generated values', () => {
    const next = random(8785);
    for (let i = 0; i < 20_000; i++) {
      const value = generate(next, 0);
      expect(canonicalJson(value), JSON.stringify(value)).toBe(canonicalize(value));
    }
  });

  it('treats undefined, Dates and Buffers as the package and JSON.stringify do; rejects what JSON cannot hold', () => {
    const value = { a: undefined, b: [undefined, 1], c: new Date(Date.UTC(2026, 10, 25)), d: Buffer.from([1, 2]) };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(canonicalJson(value)).toBe('{"b":[null,1],"c":"2026-11-25T00:00:00.000Z","d":{"data":[1,2],"type":"Buffer"}}');
    for (const bad of [Number.NaN, Infinity, -Infinity, [1, Number.NaN], { x: Infinity }, undefined, 10n, () => 1, Symbol('s')]) {
      expect(() => canonicalJson(bad), String(bad)).toThrow(TypeError);
    }
  });
});
