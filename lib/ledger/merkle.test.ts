import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompactRange, consistencyProof, emptyRoot, inclusionProof, leafHashOf, nodeHash, treeHash, verifyConsistency, verifyInclusion } from './merkle';

// Vectors live beside the repo (copied there in CI); a missing directory must fail, not skip.
const VECTORS = path.resolve(process.cwd(), '..', 'shared', 'vectors');
if (!existsSync(VECTORS)) throw new Error(`test vectors not found at ${VECTORS}; copy shared/vectors beside the repo`);

function vectorFiles(dir: string, expected: number): string[] {
  const files = readdirSync(path.join(VECTORS, dir)).filter((f) => f.endsWith('.json')).sort();
  if (files.length !== expected) throw new Error(`expected ${expected} vectors in ${dir}, found ${files.length}`);
  return files;
}
const readJson = (...parts: string[]): unknown => JSON.parse(readFileSync(path.join(VECTORS, ...parts), 'utf8'));
const b64 = (s: string) => Buffer.from(s, 'base64');
const hex = (s: string) => Buffer.from(s, 'hex');

// Independent reference, written straight from the RFC 6962 §2.1 definitions over array slices.
const refSha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const refLeaf = (data: Buffer) => refSha(Buffer.from([0]), data);
const refK = (n: number) => 2 ** ((n - 1).toString(2).length - 1);
function refMth(d: Buffer[]): Buffer {
  if (d.length === 0) return refSha();
  if (d.length === 1) return d[0]!;
  const k = refK(d.length);
  return refSha(Buffer.from([1]), refMth(d.slice(0, k)), refMth(d.slice(k)));
}
function refPath(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = refK(d.length);
  return m < k ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))] : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}
function refSubproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [refMth(d)];
  const k = refK(d.length);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}
// Reference verifiers: rebuild the roots by walking PATH / SUBPROOF backwards (last element = top split).
function refInclusionOk(leaf: Buffer, m: number, n: number, proof: Buffer[], root: Buffer): boolean {
  const walk = (m: number, n: number, p: Buffer[]): Buffer | null => {
    if (n === 1) return p.length === 0 ? leaf : null;
    const k = refK(n);
    const c = p[p.length - 1];
    const sub = c && (m < k ? walk(m, k, p.slice(0, -1)) : walk(m - k, n - k, p.slice(0, -1)));
    return c && sub ? (m < k ? refSha(Buffer.from([1]), sub, c) : refSha(Buffer.from([1]), c, sub)) : null;
  };
  const got = Number.isSafeInteger(m) && m >= 0 && m < n ? walk(m, n, proof) : null;
  return !!got && got.equals(root);
}
function refConsistencyOk(m0: number, n0: number, root1: Buffer, root2: Buffer, proof: Buffer[]): boolean {
  let p = [...proof];
  const walk = (m: number, n: number, b: boolean): [Buffer, Buffer] | null => {
    if (m === n) {
      if (b) return [root1, root1];
      const c = p.pop();
      return c ? [c, c] : null;
    }
    const k = refK(n);
    const c = p.pop();
    const sub = c && (m <= k ? walk(m, k, b) : walk(m - k, n - k, false));
    if (!c || !sub) return null;
    return m <= k ? [sub[0], refSha(Buffer.from([1]), sub[1], c)] : [refSha(Buffer.from([1]), c, sub[0]), refSha(Buffer.from([1]), c, sub[1])];
  };
  if (!(m0 > 0 && m0 < n0)) return false;
  const got = walk(m0, n0, true);
  return !!got && p.length === 0 && got[0].equals(root1) && got[1].equals(root2);
}
const hexes = (list: Buffer[]) => list.map((h) => h.toString('hex'));
const makeLeaves = (n: number) => Array.from({ length: n }, (_, i) => refLeaf(Buffer.from(`leaf ${i}`)));

interface Tree8 {
  leafInputsHex: string[];
  rootsBySizeHex: string[];
  hasherVectors: Array<{ kind: string; input?: string; left?: string; right?: string; wantHex: string }>;
}
const tree8 = readJson('rfc6962-tree8.json') as Tree8;
const leaves8 = tree8.leafInputsHex.map((h) => leafHashOf(hex(h)));

describe('RFC 6962 hashing (rfc6962-tree8.json)', () => {
  it('matches the hasher vectors', () => {
    expect(tree8.hasherVectors).toHaveLength(4);
    for (const v of tree8.hasherVectors) {
      const got = v.kind === 'empty' ? emptyRoot() : v.kind === 'leaf' ? leafHashOf(Buffer.from(v.input!)) : nodeHash(Buffer.from(v.left!), Buffer.from(v.right!));
      expect(got.toString('hex'), v.kind).toBe(v.wantHex);
    }
  });

  it('gives the published root for every size 0..8, by treeHash and by CompactRange', () => {
    expect(tree8.rootsBySizeHex).toHaveLength(9);
    const range = new CompactRange();
    tree8.rootsBySizeHex.forEach((want, n) => {
      expect(treeHash(leaves8, 0, n).toString('hex')).toBe(want);
      expect(treeHash((i) => leaves8[i]!, 0, n).toString('hex')).toBe(want);
      expect(range.root().toString('hex')).toBe(want);
      if (n < 8) range.append(leaves8[n]!);
    });
  });

  it('generates the vectors\' happy-path proofs from the 8 leaves', () => {
    const inc = readJson('transparency-dev-merkle/inclusion/1/happy-path.json') as { proof: string[] };
    const con = readJson('transparency-dev-merkle/consistency/1/happy-path.json') as { proof: string[] };
    expect(inclusionProof(leaves8, 0, 8).map((h) => h.toString('base64'))).toEqual(inc.proof);
    expect(consistencyProof(leaves8, 1, 8).map((h) => h.toString('base64'))).toEqual(con.proof);
  });
});

describe('inclusion vectors (transparency-dev/merkle)', () => {
  interface Inc { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[]; wantErr: boolean }
  const cases = [
    ...vectorFiles('transparency-dev-merkle/inclusion/1', 18).map((f) => `inclusion/1/${f}`),
    ...vectorFiles('transparency-dev-merkle/inclusion/single-entry', 4).map((f) => `inclusion/single-entry/${f}`),
  ];
  // leafIdx-sub-@1 holds 2^64-1, which JSON.parse rounds to an unsafe float; rejecting it is the point.
  it.each(cases)('%s', (file) => {
    const v = readJson('transparency-dev-merkle', file) as Inc;
    expect(typeof v.wantErr).toBe('boolean');
    expect(verifyInclusion(b64(v.leafHash), v.leafIdx, v.treeSize, v.proof.map(b64), b64(v.root))).toBe(!v.wantErr);
  });
});

describe('consistency vectors (transparency-dev/merkle)', () => {
  interface Con { size1: number; size2: number; root1: string; root2: string; proof: string[]; wantErr: boolean }
  it.each(vectorFiles('transparency-dev-merkle/consistency/1', 21))('consistency/1/%s', (file) => {
    const v = readJson('transparency-dev-merkle', 'consistency/1', file) as Con;
    expect(typeof v.wantErr).toBe('boolean');
    expect(verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), v.proof.map(b64))).toBe(!v.wantErr);
  });
});

describe('against the reference implementation', () => {
  const all = makeLeaves(4097);
  const small = Array.from({ length: 64 }, (_, i) => i + 1);

  it('agrees on roots for sizes 1..64 and 1000, 1023, 1024, 1025, 4097', () => {
    for (const n of [...small, 1000, 1023, 1024, 1025, 4097]) {
      expect(treeHash(all, 0, n).toString('hex'), `size ${n}`).toBe(refMth(all.slice(0, n)).toString('hex'));
    }
  });

  it('agrees on every inclusion proof up to size 64, and the reference judges every mutation alike', () => {
    for (const n of small) {
      const d = all.slice(0, n);
      const root = refMth(d);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(all, m, n);
        expect(hexes(proof), `${m}/${n}`).toEqual(hexes(refPath(m, d)));
        expect(verifyInclusion(all[m]!, m, n, proof, root)).toBe(true);
        // Some mutations stay valid (a path can fit several sizes), so judge each by the reference.
        const mutations: Array<[number, number, Buffer[]]> = [
          [m + 1, n, proof], [m - 1, n, proof], [m ^ 2, n, proof], [m, n + 1, proof], [m, n - 1, proof], [m, n * 2, proof],
          [m, n, proof.slice(1)], [m, n, proof.slice(0, -1)], [m, n, [...proof, root]], [m, n, [root, ...proof]],
        ];
        for (const [mi, ni, pi] of mutations) expect(verifyInclusion(all[m]!, mi, ni, pi, root)).toBe(refInclusionOk(all[m]!, mi, ni, pi, root));
      }
    }
  });

  it('agrees on every consistency proof for 0 < size1 < size2 <= 64, and the reference judges every mutation alike', () => {
    const roots = [refSha(), ...small.map((n) => refMth(all.slice(0, n)))];
    for (const n of small) {
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(all, m, n);
        expect(hexes(proof), `${m}->${n}`).toEqual(hexes(refSubproof(m, all.slice(0, n), true)));
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof)).toBe(true);
        expect(verifyConsistency(m, n, roots[m]!, roots[n - 1]!, proof)).toBe(false);
        const mutations: Array<[number, number, Buffer, Buffer, Buffer[]]> = [
          [m + 1, n, roots[m]!, roots[n]!, proof], [m - 1, n, roots[m]!, roots[n]!, proof], [m, n + 1, roots[m]!, roots[n]!, proof],
          [m, n - 1, roots[m]!, roots[n]!, proof], [m, n * 2, roots[m]!, roots[n]!, proof], [m, n, roots[n]!, roots[m]!, proof],
          [m, n, roots[m]!, roots[n]!, proof.slice(1)], [m, n, roots[m]!, roots[n]!, proof.slice(0, -1)], [m, n, roots[m]!, roots[n]!, [...proof, roots[m]!]],
        ];
        for (const [a, b, r1, r2, p] of mutations) expect(verifyConsistency(a, b, r1, r2, p), `${a}->${b}`).toBe(a === b ? r1.equals(r2) && p.length === 0 : a === 0 ? false : refConsistencyOk(a, b, r1, r2, p));
      }
    }
  });

  it('agrees on sample proofs for large odd sizes', () => {
    for (const n of [1000, 1023, 1025, 4097]) {
      const d = all.slice(0, n);
      const root = refMth(d);
      for (const m of [0, 1, 511, n - 2, n - 1]) {
        const proof = inclusionProof(all, m, n);
        expect(hexes(proof)).toEqual(hexes(refPath(m, d)));
        expect(verifyInclusion(all[m]!, m, n, proof, root)).toBe(true);
      }
      for (const m of [1, 7, 512, 999]) {
        const proof = consistencyProof(all, m, n);
        expect(hexes(proof)).toEqual(hexes(refSubproof(m, d, true)));
        expect(verifyConsistency(m, n, refMth(all.slice(0, m)), root, proof)).toBe(true);
      }
    }
  });
});

describe('edge cases', () => {
  const r = leaves8[0]!;
  it('treats equal sizes and the empty tree per RFC 9162', () => {
    expect(consistencyProof(leaves8, 5, 5)).toEqual([]);
    expect(consistencyProof(leaves8, 0, 5)).toEqual([]);
    expect(verifyConsistency(5, 5, r, r, [])).toBe(true);
    expect(verifyConsistency(5, 5, r, r, [r])).toBe(false);
    expect(verifyConsistency(5, 5, r, leaves8[1]!, [])).toBe(false);
    expect(verifyConsistency(0, 8, emptyRoot(), r, [])).toBe(true);
    expect(verifyConsistency(0, 8, r, r, [])).toBe(false);
    expect(verifyConsistency(0, 8, emptyRoot(), r, [r])).toBe(false);
    expect(verifyInclusion(r, 0, 0, [], emptyRoot())).toBe(false);
  });

  it('never throws on hostile input', () => {
    const junk: unknown[] = [null, undefined, 'x', -1, 1.5, NaN, Infinity, 2 ** 64, {}, [null], ['abc'], Buffer.alloc(31), [Buffer.alloc(33)]];
    for (const a of junk as never[]) {
      const verdicts = [verifyInclusion(a, 0, 8, [], r), verifyInclusion(r, a, 8, [], r), verifyInclusion(r, 0, a, [], r), verifyInclusion(r, 0, 1, a, r)];
      verdicts.push(verifyConsistency(a, 8, r, r, [r]), verifyConsistency(1, a, r, r, [r]), verifyConsistency(1, 8, a, r, [r]), verifyConsistency(1, 8, r, r, a));
      expect(verdicts, String(a)).toEqual(Array(8).fill(false));
    }
  });

  it('rejects out-of-range proof requests', () => {
    expect(() => inclusionProof(leaves8, 8, 8)).toThrow(RangeError);
    expect(() => inclusionProof(leaves8, 0, 9)).toThrow(RangeError);
    expect(() => consistencyProof(leaves8, 6, 5)).toThrow(RangeError);
    expect(() => treeHash(leaves8, 3, 2)).toThrow(RangeError);
    expect(() => treeHash((i) => leaves8[i]!)).toThrow(RangeError); // an accessor has no length to default to
  });
});

describe('CompactRange', () => {
  const all = makeLeaves(5000);

  it('root() equals treeHash at every size 0..200', () => {
    const range = new CompactRange();
    for (let n = 0; n <= 200; n++) {
      expect(range.size).toBe(n);
      expect(range.root().equals(treeHash(all, 0, n)), `size ${n}`).toBe(true);
      range.append(all[n]!);
    }
  });

  it('root() equals treeHash at random sizes up to 5000, and survives a JSON round trip', () => {
    let seed = 20261125; // fixed LCG seed so a failure reproduces
    const sizes = [4095, 4096, 4097, 5000, ...Array.from({ length: 12 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 5001)];
    for (const n of sizes) {
      const range = new CompactRange();
      range.appendMany(all.slice(0, n));
      const want = treeHash(all, 0, n);
      expect(range.root().equals(want), `size ${n}`).toBe(true);
      const restored = CompactRange.fromJSON(JSON.parse(JSON.stringify(range)));
      expect(restored.size).toBe(n);
      expect(restored.root().equals(want)).toBe(true);
      expect(restored.hashes.map((h) => h.toString('base64'))).toEqual(range.toJSON().hashes);
      if (n < 5000) {
        restored.append(all[n]!);
        expect(restored.root().equals(treeHash(all, 0, n + 1))).toBe(true);
      }
    }
  });

  it('appendLeaves over packed hashes in uneven chunks, from a restored state, equals treeHash at each chunk end', () => {
    const packed = Buffer.concat(all);
    let range = new CompactRange();
    let seed = 77;
    for (let size = 0; size < all.length;) {
      const count = Math.min(all.length - size, (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 700);
      range.appendLeaves(packed.subarray(32 * size), count);
      size += count;
      expect(range.size).toBe(size);
      expect(range.root().equals(treeHash(all, 0, size)), `size ${size}`).toBe(true);
      range = CompactRange.fromJSON(range.toJSON());
    }
    expect(() => range.appendLeaves(Buffer.alloc(63), 2)).toThrow(RangeError);
  });

  it('fromJSON rejects states no sequence of appends produces', () => {
    const h = all[0]!.toString('base64');
    expect(CompactRange.fromJSON({ size: 0, hashes: [] }).root().equals(emptyRoot())).toBe(true);
    for (const bad of [null, {}, { size: -1, hashes: [] }, { size: 1.5, hashes: [h] }, { size: 3, hashes: [h] }, { size: 1, hashes: ['AAAA'] }, { size: 1, hashes: [`${h.slice(0, -1)}!`] }]) {
      expect(() => CompactRange.fromJSON(bad)).toThrow(TypeError);
    }
    expect(() => new CompactRange().append(Buffer.alloc(31))).toThrow(TypeError);
  });
});
