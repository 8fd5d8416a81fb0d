import { createHash, randomBytes } from 'node:crypto';
import type { Environment } from '../environment';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 32; // 62^32 ≈ 2^190
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = /^wdn_(staging|production)_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

function base62(bytes: Buffer, length: number): string {
  let value = BigInt('0x' + bytes.toString('hex'));
  let out = '';
  for (let i = 0; i < length; i++) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out;
}

/** Six base62 characters from SHA-256 of the body, so scanners and Warden reject typos offline. */
function checksum(body: string): string {
  return base62(createHash('sha256').update(body).digest(), CHECKSUM_LENGTH);
}

/** `wdn_<env>_<32 base62 random><6 base62 checksum>`: recognisable by secret scanners. */
export function generateTokenSecret(environment: Environment): string {
  let secret = '';
  while (secret.length < SECRET_LENGTH) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && secret.length < SECRET_LENGTH) secret += BASE62[byte % 62]; // 248 = 4×62: no modulo bias
    }
  }
  const body = `wdn_${environment}_${secret}`;
  return body + checksum(body);
}

export interface ParsedToken {
  environment: Environment;
  /** What lists show to identify a token: `wdn_<env>_` plus the first 6 secret characters. */
  prefix: string;
}

/** Null when the string is not a well-formed Warden token with a valid checksum. */
export function parseTokenSecret(token: string): ParsedToken | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const body = token.slice(0, -CHECKSUM_LENGTH);
  if (checksum(body) !== match[3]) return null;
  return { environment: match[1] as Environment, prefix: `wdn_${match[1]}_${match[2]!.slice(0, 6)}` };
}

export function hashTokenSecret(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token).digest());
}
