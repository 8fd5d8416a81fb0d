import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The chain hash before the first entry of every log. */
export const GENESIS_CHAIN_HASH: Buffer = Buffer.alloc(32);

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ data). */
export function leafHash(data: Buffer): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

/** SHA-256(previous chain hash ‖ leaf hash). */
export function chainHash(previous: Buffer, leaf: Buffer): Buffer {
  return createHash('sha256').update(previous).update(leaf).digest();
}

/** RFC 8785 (JCS) canonical JSON bytes of a stored document: what its leaf hash commits to. */
export function canonicalBytes(document: unknown): Buffer {
  return Buffer.from(canonicalize(document)!, 'utf8');
}

export function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}
