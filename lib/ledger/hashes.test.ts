import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainHash, chainHashLatin1, equalsLatin1, GENESIS_CHAIN_HASH, leafHash, leafHashLatin1, sha256 } from './hashes';

// The reference: createHash over the RFC 6962 inputs, written out with no shortcut.
const reference = (...parts: Uint8Array[]) => { const h = createHash('sha256'); for (const part of parts) h.update(part); return h.digest(); };

describe('hashes through Latin-1 strings are the same bytes', () => {
  const documents = ['{}', '{"a":"é ✓ 🦀"}', 'x'.repeat(70_000)].map((text) => Buffer.from(text));

  it('leaf hashes: bytes, text, and documents beyond the reused input buffer', () => {
    for (const data of documents) {
      const expected = reference(Buffer.of(0), data);
      expect(leafHash(data)).toEqual(expected);
      expect(leafHash(data.toString('utf8'))).toEqual(expected);
      expect(Buffer.from(leafHashLatin1(data), 'latin1')).toEqual(expected);
    }
  });

  it('leaf hashes of text: lone surrogates as the UTF-8 encoder writes them, and a short text after a long one', () => {
    for (const text of ['x'.repeat(30_000), 'lone \ud800 high', 'é'.repeat(21_000), '{}']) {
      expect(leafHash(text)).toEqual(reference(Buffer.of(0), Buffer.from(text, 'utf8')));
    }
  });

  it('chain hashes and plain SHA-256', () => {
    const leaf = leafHash(documents[1]!);
    const expected = reference(GENESIS_CHAIN_HASH, leaf);
    expect(chainHash(GENESIS_CHAIN_HASH, leaf)).toEqual(expected);
    expect(Buffer.from(chainHashLatin1(GENESIS_CHAIN_HASH, leafHashLatin1(documents[1]!)), 'latin1')).toEqual(expected);
    expect(sha256(documents[0]!)).toEqual(reference(documents[0]!));
  });

  it('equalsLatin1 compares every byte and the length', () => {
    const hash = leafHashLatin1(documents[0]!);
    const bytes = Buffer.from(hash, 'latin1');
    expect(equalsLatin1(bytes, hash)).toBe(true);
    for (const index of [0, 17, 31]) {
      const changed = Buffer.from(bytes);
      changed[index] = changed[index]! ^ 0x01;
      expect(equalsLatin1(changed, hash)).toBe(false);
    }
    expect(equalsLatin1(bytes.subarray(0, 31), hash)).toBe(false);
  });
});
