import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalDocument, canonicalTemplate, promptChecksums } from './canonicalForm';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('prompt canonical form', () => {
  it('is the documented JCS document: keys sorted, variables sorted and unique', () => {
    const content = { template: 'Hi {{b}} {{a}}', variables: ['b', 'a', 'b'], parameters: { top_p: 1, model: 'm', temperature: 0.5 } };
    expect(canonicalDocument(content)).toBe('{"parameters":{"model":"m","temperature":0.5,"top_p":1},"template":"Hi {{b}} {{a}}","variables":["a","b"]}');
    expect(promptChecksums(content).checksum).toBe(sha256(canonicalDocument(content)));
    expect(promptChecksums(content).templateChecksum).toBe(sha256('Hi {{b}} {{a}}'));
  });

  it('ignores editors\' line endings, final newlines, leading empty lines and Unicode composition', () => {
    const base = promptChecksums({ template: 'Line one\nLine two — café', variables: [], parameters: {} });
    for (const variant of ['Line one\r\nLine two — café\r\n', '\n\nLine one\rLine two — café  \n\n', 'Line one\nLine two — cafe\u0301']) {
      expect(promptChecksums({ template: variant, variables: [], parameters: {} })).toEqual(base);
    }
    expect(canonicalTemplate('  indented first line\n')).toBe('  indented first line');
  });

  it('changes with any word, whitespace inside the text, hidden characters, variables or parameters', () => {
    const base = { template: 'Decide priority and owner.', variables: [], parameters: { temperature: 0.2 } };
    const checksum = promptChecksums(base).checksum;
    expect(promptChecksums({ ...base, template: 'Decide severity and owner.' }).checksum).not.toBe(checksum);
    expect(promptChecksums({ ...base, template: 'Decide  priority and owner.' }).checksum).not.toBe(checksum);
    expect(promptChecksums({ ...base, template: 'Decide priority\u200b and owner.' }).checksum).not.toBe(checksum);
    expect(promptChecksums({ ...base, variables: ['x'] }).checksum).not.toBe(checksum);
    expect(promptChecksums({ ...base, parameters: { temperature: 0.3 } }).checksum).not.toBe(checksum);
    // …but not with the order of parameter keys.
    expect(promptChecksums({ ...base, parameters: { b: 1, a: 2 } }).checksum).toBe(promptChecksums({ ...base, parameters: { a: 2, b: 1 } }).checksum);
  });

  it('pins a known vector (the README example), so other implementations can check theirs', () => {
    const vector = promptChecksums({ template: 'Summarize {{channel}}.', variables: ['channel'], parameters: { temperature: 0.2 } });
    expect(vector.checksum).toBe(sha256('{"parameters":{"temperature":0.2},"template":"Summarize {{channel}}.","variables":["channel"]}'));
    expect(vector.checksum).toMatchInlineSnapshot(`"852d605eee0b4ed8419a37fc65d9722b2e1de3fcccef5708c3d2176b581e0f4b"`);
  });
});
