import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson';
import { documentBytes, startDocument, writeJsonString } from './documentArena';
import { canonicalizeJsonBytes, writeJsonText } from './jsonBytes';
import { generate, looseText, random } from './testing/generatedJson';

const reference = (text: string) => Buffer.from(canonicalJson(JSON.parse(text)), 'utf8');

describe('canonicalizeJsonBytes', () => {
  it('equals canonicalJson(JSON.parse(text)) for compact, spaced, shuffled, duplicated and escaped renderings', () => {
    const next = random(8259);
    for (let i = 0; i < 10_000; i++) {
      const value = generate(next, 0);
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2), looseText(value, next)]) {
        expect(canonicalizeJsonBytes(Buffer.from(text)).toString('hex'), text).toBe(reference(text).toString('hex'));
      }
    }
  });

  it('handles the texts PostgreSQL prints for jsonb (", " and ": " separators, length-first key order)', () => {
    const text = '{"b": 1, "aa": [1.50, -0, 1e2, 12345678901234567, "x\\"y\\\\z\\n"], "": {"é": null, "z": true, "\\u0000": false, "😀": 1, "\uffff": 2}}';
    expect(canonicalizeJsonBytes(Buffer.from(text)).toString()).toBe(
      '{"":{"\\u0000":false,"z":true,"é":null,"😀":1,"\uffff":2},"aa":[1.5,0,100,12345678901234568,"x\\"y\\\\z\\n"],"b":1}');
    expect(canonicalizeJsonBytes(Buffer.from(text)).equals(reference(text))).toBe(true);
  });

  it('reads only its own range of a larger buffer', () => {
    for (const text of ['12', '"a"', 'true', '[1]', '{"a":1}', '-0', '1.5']) {
      const buffer = Buffer.from(`${text}3 ,}`);
      startDocument();
      writeJsonText(buffer, 0, text.length);
      expect(documentBytes().equals(reference(text)), text).toBe(true);
    }
  });

  it('falls back to the decoded text for bytes that are not UTF-8, as JSON.parse of the decoded string does', () => {
    const text = Buffer.concat([Buffer.from('{"b":"'), Buffer.from([0xff, 0xc3]), Buffer.from('","a":1}')]);
    expect(canonicalizeJsonBytes(text).equals(reference(text.toString('utf8')))).toBe(true);
  });

  it.each(['', ' ', '{', '}', '[1,]', '{"a":1,}', '01', '1.', '-', '.5', '+1', 'tru', 'nul', '"abc', '"a\\x"', '"\\u12"', '{"a" 1}', '{a:1}',
    '[1 2]', '1 2', '{"a":1}}', '[]]', "'a'", 'NaN', 'Infinity', '"\u0001"', '"\t"', '{"a":1e400}', '[-1e999]', '1e', '1e+', '-a', '[,1]', '"\u001f"'])(
    'rejects %j as JSON.parse + canonicalJson do', (text) => {
      expect(() => reference(text)).toThrow();
      expect(() => canonicalizeJsonBytes(Buffer.from(text))).toThrow();
    });
});

describe('writeJsonString', () => {
  it('writes JSON.stringify of the UTF-8 text for every character class', () => {
    const next = random(1234);
    for (let i = 0; i < 5_000; i++) {
      const value = String(generate(next, 9) ?? '') + '\u0000\u001f"\\\u007f\u2028é😀';
      startDocument();
      writeJsonString(Buffer.from(value), 0, Buffer.byteLength(value));
      expect(documentBytes().toString()).toBe(JSON.stringify(value));
    }
  });
});
