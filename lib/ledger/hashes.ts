import { hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';

const LEAF_PREFIX = Buffer.of(0);

/** The chain hash before the first entry of every log. */
export const GENESIS_CHAIN_HASH: Buffer = Buffer.alloc(32);

// Reused for leaves up to 64 KiB (synchronous, so never shared between two calls in flight).
const leafInput = Buffer.alloc(64 * 1024);

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ data); data as bytes, or as text hashed in UTF-8. */
export function leafHash(data: Buffer | string): Buffer {
  // U+0000 is the single zero byte in UTF-8; hashing the text saves encoding it into a Buffer first.
  if (typeof data === 'string') return hash('sha256', `\u0000${data}`, 'buffer');
  if (data.length >= leafInput.length) return sha256(Buffer.concat([LEAF_PREFIX, data]));
  leafInput.set(data, 1);
  return sha256(leafInput.subarray(0, data.length + 1));
}

// Reused for every chain step (synchronous, so never shared between two calls in flight).
const chainInput = Buffer.alloc(64);

/** SHA-256(previous chain hash ‖ leaf hash). */
export function chainHash(previous: Buffer, leaf: Buffer): Buffer {
  if (previous.length !== 32 || leaf.length !== 32) return sha256(Buffer.concat([previous, leaf]));
  chainInput.set(previous, 0);
  chainInput.set(leaf, 32);
  return sha256(chainInput);
}

/** RFC 8785 (JCS) canonical JSON bytes of a stored document: what its leaf hash commits to. */
export function canonicalBytes(document: unknown): Buffer {
  return Buffer.from(canonicalJson(document), 'utf8');
}

// One-shot crypto.hash rather than createHash(): a Hash object per call cost more than hashing a
// whole record, and verification hashes three times per entry.
export function sha256(data: Buffer): Buffer {
  return hash('sha256', data, 'buffer');
}
