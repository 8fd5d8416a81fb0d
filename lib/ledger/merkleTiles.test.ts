import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyPath, consistencyProof, inclusionPath, inclusionProof, treeHash, verifyConsistency, verifyInclusion } from './merkle';
import { leafTilesFor, TILE_SIZE, tiledRangeHasher } from './merkleTiles';

const LEAVES = Array.from({ length: 1100 }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest());
const TILES = Array.from({ length: Math.floor(LEAVES.length / TILE_SIZE) }, (_, t) => treeHash(LEAVES, t * TILE_SIZE, (t + 1) * TILE_SIZE));

/** The tree of the first `size` leaves as a proof sees it: full tiles, plus only the leaf tiles leafTilesFor names. */
function tiled(size: number, needs: { leaf?: number; boundary?: number }) {
  const leaves = new Map(leafTilesFor(size, needs).map((tile) => [tile, LEAVES.slice(tile * TILE_SIZE, Math.min(size, (tile + 1) * TILE_SIZE))]));
  return tiledRangeHasher(TILES.slice(0, Math.floor(size / TILE_SIZE)), leaves);
}

const SIZES = [1, 2, 3, 255, 256, 257, 300, 511, 512, 513, 767, 768, 769, 1000, 1023, 1024, 1025, 1099, 1100];
const POINTS = [0, 1, 2, 127, 128, 200, 254, 255, 256, 257, 383, 500, 511, 512, 513, 767, 768, 769, 1000, 1023, 1024, 1025, 1098, 1099];

describe('tiled proofs', () => {
  it('inclusion proofs and roots are byte-identical to merkle.ts over all leaves, reading at most two tiles of leaves', () => {
    for (const size of SIZES) {
      for (const seq of [...POINTS.filter((point) => point < size), size - 1]) {
        const subtree = tiled(size, { leaf: seq });
        expect(leafTilesFor(size, { leaf: seq }).length).toBeLessThanOrEqual(2);
        expect(subtree(0, size).equals(treeHash(LEAVES, 0, size)), `root ${size}`).toBe(true);
        const proof = inclusionPath(subtree, seq, size);
        expect(Buffer.concat(proof).equals(Buffer.concat(inclusionProof(LEAVES, seq, size))), `inclusion ${seq} in ${size}`).toBe(true);
        expect(verifyInclusion(LEAVES[seq]!, seq, size, proof, treeHash(LEAVES, 0, size))).toBe(true);
      }
    }
  });

  it('consistency proofs are byte-identical to merkle.ts over all leaves', () => {
    for (const size of SIZES) {
      for (const from of [...POINTS.filter((point) => point >= 1 && point <= size), size]) {
        const subtree = tiled(size, { boundary: from });
        expect(subtree(0, from).equals(treeHash(LEAVES, 0, from)), `root ${from}`).toBe(true);
        const proof = consistencyPath(subtree, from, size);
        expect(Buffer.concat(proof).equals(Buffer.concat(consistencyProof(LEAVES, from, size))), `consistency ${from} → ${size}`).toBe(true);
        expect(verifyConsistency(from, size, treeHash(LEAVES, 0, from), treeHash(LEAVES, 0, size), proof)).toBe(true);
      }
    }
  });

  it('refuses to guess a leaf it was not given', () => {
    const subtree = tiledRangeHasher(TILES.slice(0, 2), new Map());
    expect(subtree(0, 512).equals(treeHash(LEAVES, 0, 512))).toBe(true);
    expect(() => subtree(0, 513)).toThrow(/leaf 512 was not read/);
  });
});
