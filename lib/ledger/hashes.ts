import { hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';

const LEAF_PREFIX = Buffer.of(0);

/** The chain hash before the first entry of every log. */
export const GENESIS_CHAIN_HASH: Buffer = Buffer.alloc(32);

/**
 * SHA-256 as a 32-character Latin-1 string, one character per byte. Node 20's one-shot hash spends
 * longer making a Buffer for its result than hashing a 64-byte input (1.1 µs against 0.4 µs for a
 * string here), and verification hashes twice per entry; Buffer.from of the string still costs less.
 */
export const sha256Latin1 = (data: string | NodeJS.ArrayBufferView): string => hash('sha256', data, 'binary');

// One-shot crypto.hash rather than createHash(): a Hash object per call cost more than hashing a whole record.
export function sha256(data: Buffer): Buffer {
  return Buffer.from(sha256Latin1(data), 'latin1');
}

// Reused for leaves up to 64 KiB (synchronous, so never shared between two calls in flight).
const leafInput = Buffer.alloc(64 * 1024);

/** RFC 6962 leaf hash, SHA-256(0x00 ‖ data), as sha256Latin1 gives it; data as bytes, or as text hashed in UTF-8. */
export function leafHashLatin1(data: Buffer | string): string {
  if (typeof data === 'string') {
    // Encoded after the 0x00 already there where it surely fits (UTF-8 takes at most 3 bytes per UTF-16 unit):
    // cheaper than hashing the text `\u0000${data}`, which joins and flattens it first (U+0000 is the byte 0x00).
    if (data.length * 3 < leafInput.length) return sha256Latin1(new Uint8Array(leafInput.buffer, leafInput.byteOffset, 1 + leafInput.write(data, 1, 'utf8')));
    return sha256Latin1(`\u0000${data}`);
  }
  if (data.length >= leafInput.length) return sha256Latin1(Buffer.concat([LEAF_PREFIX, data]));
  leafInput.set(data, 1);
  return sha256Latin1(new Uint8Array(leafInput.buffer, leafInput.byteOffset, data.length + 1));
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ data); data as bytes, or as text hashed in UTF-8. */
export function leafHash(data: Buffer | string): Buffer {
  return Buffer.from(leafHashLatin1(data), 'latin1');
}

// Reused for every chain step (synchronous, so never shared between two calls in flight).
const chainInput = Buffer.alloc(64);

/** SHA-256(previous chain hash ‖ leaf hash), the leaf given as sha256Latin1 gives it; as a Latin-1 string too. */
export function chainHashLatin1(previous: Buffer, leaf: string): string {
  if (previous.length !== 32 || leaf.length !== 32) return sha256Latin1(Buffer.concat([previous, Buffer.from(leaf, 'latin1')]));
  chainInput.set(previous, 0);
  chainInput.write(leaf, 32, 'latin1');
  return sha256Latin1(chainInput);
}

/** SHA-256(previous chain hash ‖ leaf hash). */
export function chainHash(previous: Buffer, leaf: Buffer): Buffer {
  if (previous.length !== 32 || leaf.length !== 32) return sha256(Buffer.concat([previous, leaf]));
  chainInput.set(previous, 0);
  chainInput.set(leaf, 32);
  return sha256(chainInput);
}

/** Whether `bytes` holds exactly the bytes of the Latin-1 string `text` (a hash from sha256Latin1). */
export function equalsLatin1(bytes: Uint8Array, text: string): boolean {
  if (bytes.length !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** RFC 8785 (JCS) canonical JSON bytes of a stored document: what its leaf hash commits to. */
export function canonicalBytes(document: unknown): Buffer {
  return Buffer.from(canonicalJson(document), 'utf8');
}
