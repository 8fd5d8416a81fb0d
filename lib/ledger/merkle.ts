/**
 * RFC 6962 / RFC 9162 Merkle tree over 32-byte leaf hashes: tree hash, inclusion
 * and consistency proofs, and the compact range a log row keeps so that the
 * current root never needs a rescan. Hashes travel as Buffers; only the
 * verifiers are hardened against hostile input (they return false, never throw).
 */
import { hash } from 'node:crypto';
import { popCount } from './compactRange';

export { CompactRange, type CompactRangeJSON } from './compactRange';

export const HASH_SIZE = 32;

/**
 * Where proof generation reads leaf hashes from: an array, or an accessor
 * (e.g. rows already fetched from the database). Every proof touches each leaf
 * of the tree once, so generation is O(n) hashing per proof; merkleTiles.ts
 * feeds inclusionPath / consistencyPath from cached subtree hashes instead.
 */
export type LeafSource = ArrayLike<Buffer> | ((index: number) => Buffer);

// One-shot hash of the concatenation: creating a Hash object per node cost more than the hashing,
// and a Latin-1 string result turned into a Buffer costs less than asking for a Buffer (hashes.ts).
const digest = (data: Uint8Array): Buffer => Buffer.from(hash('sha256', data, 'binary'), 'latin1');
const sha256 = (...parts: Uint8Array[]): Buffer => digest(Buffer.concat(parts));
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256(""). */
export const emptyRoot = (): Buffer => sha256();
/** SHA-256(0x00 ‖ data). */
export const leafHashOf = (data: Uint8Array): Buffer => sha256(LEAF_PREFIX, data);
// Reused for every interior node of 32-byte children (synchronous, so never shared between calls in flight).
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_PREFIX);

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256(NODE_PREFIX, left, right);
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return digest(nodeInput);
}

/** Largest power of two strictly smaller than n (n >= 2); the RFC 6962 split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** A leaf accessor over [0, end), after checking the range is one the source can serve. */
function reader(source: LeafSource, start: number, end: number | undefined): { get: (i: number) => Buffer; end: number } {
  const length = typeof source === 'function' ? Number.MAX_SAFE_INTEGER : source.length;
  const stop = end ?? (typeof source === 'function' ? Number.NaN : length);
  if (!isSize(start) || !isSize(stop) || start > stop || stop > length) {
    throw new RangeError(`invalid leaf range [${start}, ${end}) over ${typeof source === 'function' ? 'a leaf accessor' : `${length} leaves`}`);
  }
  if (typeof source === 'function') return { get: source, end: stop };
  const get = (i: number): Buffer => {
    const leaf = source[i];
    if (leaf === undefined) throw new RangeError(`leaf ${i} is missing`);
    return leaf;
  };
  return { get, end: stop };
}

/** MTH(D[start:end]) per RFC 6962 §2.1. end defaults to the array length; an accessor needs it explicitly. */
export function treeHash(leaves: LeafSource, start = 0, end?: number): Buffer {
  const src = reader(leaves, start, end);
  return mth(src.get, start, src.end);
}

function mth(get: (i: number) => Buffer, start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return emptyRoot();
  if (n === 1) return get(start);
  const k = splitPoint(n);
  return nodeHash(mth(get, start, start + k), mth(get, start + k, end));
}

/** MTH(D[start:end]) of some tree, however the caller gets it: from leaves, or from cached subtree hashes. */
export type RangeHasher = (start: number, end: number) => Buffer;

/** RFC 9162 §2.1.3.1 PATH(index, D[0:size]), ordered from the leaf up to the root. */
export function inclusionProof(leaves: LeafSource, index: number, size: number): Buffer[] {
  const src = reader(leaves, 0, size);
  return inclusionPath((start, end) => mth(src.get, start, end), index, size);
}

/** inclusionProof over any RangeHasher; the recursion asks it only for subtrees of the RFC 6962 tree. */
export function inclusionPath(subtreeHash: RangeHasher, index: number, size: number): Buffer[] {
  if (!isSize(index) || !isSize(size) || index >= size) throw new RangeError(`leaf index ${index} outside tree of size ${size}`);
  const path: Buffer[] = [];
  // Walk root→leaf collecting siblings, then reverse: the recursion in the RFC
  // emits the deepest sibling first.
  let [start, end, m] = [0, size, index];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push(subtreeHash(start + k, end));
      end = start + k;
    } else {
      path.push(subtreeHash(start, start + k));
      start += k;
      m -= k;
    }
  }
  return path.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(size1, D[0:size2]); empty when size1 is 0 or equals size2. */
export function consistencyProof(leaves: LeafSource, size1: number, size2: number): Buffer[] {
  const src = reader(leaves, 0, size2);
  return consistencyPath((start, end) => mth(src.get, start, end), size1, size2);
}

/** consistencyProof over any RangeHasher; the recursion asks it only for subtrees of the RFC 6962 tree. */
export function consistencyPath(subtreeHash: RangeHasher, size1: number, size2: number): Buffer[] {
  if (!isSize(size1) || !isSize(size2) || size1 > size2) throw new RangeError(`size1 ${size1} must be within [0, ${size2}]`);
  if (size1 === 0 || size1 === size2) return [];
  const proof: Buffer[] = [];
  let [start, end, m] = [0, size2, size1];
  let complete = true; // the RFC's b: whether D[start:start+m] is a subtree the verifier already knows
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(subtreeHash(start + k, end));
      end = start + k;
    } else {
      proof.push(subtreeHash(start, start + k));
      start += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) proof.push(subtreeHash(start, end));
  return proof.reverse();
}

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_SIZE;
const isHashList = (list: unknown): list is Uint8Array[] => Array.isArray(list) && list.every(isHash);
const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

// Math.floor(x / 2) rather than >>> 1: sizes may exceed 2^32.
const half = (x: number) => Math.floor(x / 2);
const odd = (x: number) => x % 2 === 1;

/** RFC 9162 §2.1.3.2. False for any malformed input, including hashes that are not 32 bytes. */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  try {
    if (!isSize(index) || !isSize(size) || index >= size) return false;
    if (!isHash(leafHash) || !isHash(root) || !isHashList(proof)) return false;
    let [fn, sn] = [index, size - 1];
    let r: Uint8Array = leafHash;
    for (const p of proof) {
      if (sn === 0) return false;
      if (odd(fn) || fn === sn) {
        r = nodeHash(p, r);
        while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
      } else {
        r = nodeHash(r, p);
      }
      [fn, sn] = [half(fn), half(sn)];
    }
    return sn === 0 && equal(r, root);
  } catch {
    return false;
  }
}

/**
 * RFC 9162 §2.1.4.2. Equal sizes need an empty proof and equal roots. size1 = 0
 * needs an empty proof too, and (stricter than the RFC, which leaves it
 * undefined) root1 must be the empty-tree hash: any other root cannot be MTH({}).
 */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): boolean {
  try {
    if (!isSize(size1) || !isSize(size2) || size1 > size2) return false;
    if (!isHash(root1) || !isHash(root2) || !isHashList(proof)) return false;
    if (size1 === size2) return proof.length === 0 && equal(root1, root2);
    if (size1 === 0) return proof.length === 0 && equal(root1, emptyRoot());
    if (proof.length === 0) return false;
    // A power-of-two size1 is itself a complete subtree, so the proof omits it.
    const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
    let [fn, sn] = [size1 - 1, size2 - 1];
    while (odd(fn)) [fn, sn] = [half(fn), half(sn)];
    let fr: Uint8Array = path[0] as Uint8Array;
    let sr: Uint8Array = fr;
    for (const c of path.slice(1)) {
      if (sn === 0) return false;
      if (odd(fn) || fn === sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
      } else {
        sr = nodeHash(sr, c);
      }
      [fn, sn] = [half(fn), half(sn)];
    }
    return sn === 0 && equal(fr, root1) && equal(sr, root2);
  } catch {
    return false;
  }
}

const isPowerOfTwo = (n: number): boolean => popCount(n) === 1;

