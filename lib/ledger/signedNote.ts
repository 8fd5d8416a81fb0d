/**
 * C2SP tlog-checkpoint bodies and c2sp.org/signed-note envelopes with Ed25519
 * (signature type 0x01), byte-compatible with golang.org/x/mod/sumdb/note so
 * that standard witnesses and verifiers accept what this log signs.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Opaque extension lines after the root hash (C2SP: allowed, NOT RECOMMENDED). */
  extensions?: string[];
}

export interface NoteSigner {
  name: string;
  privateKey: KeyObject;
}

/** publicKey is an Ed25519 KeyObject or its raw 32 bytes. */
export interface NoteVerifier {
  name: string;
  publicKey: KeyObject | Uint8Array;
}

export interface NoteSignature {
  name: string;
  /** 8 lowercase hex digits, as in a verifier key. */
  keyId: string;
  /** False for signatures by keys the caller did not supply; those are never checked. */
  verified: boolean;
}

export interface OpenedNote {
  text: string;
  signatures: NoteSignature[];
}

export type NoteErrorCode = 'malformed' | 'invalid-signature' | 'unverified';

export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
    /** For 'unverified': who did sign, to help diagnose a missing verifier key. The text is withheld on purpose. */
    readonly signatures: NoteSignature[] = [],
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

const ED25519 = 0x01;
const SIG_PREFIX = '\u2014 ';
// The spec only says "at least 16"; Go's reference stops at 100.
const MAX_SIGNATURES = 100;
// Exactly Go's unicode.IsSpace, which the reference uses to validate key names.
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;

function isValidName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name.isWellFormed() && !UNICODE_SPACE.test(name) && !name.includes('+');
}

/** Standard padded base64 only: Buffer.from would silently skip junk characters. */
function strictBase64(b64: string): Buffer | null {
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null;
  const bytes = Buffer.from(b64, 'base64');
  return bytes.toString('base64') === b64 ? bytes : null;
}

function rawPublicKey(key: KeyObject | Uint8Array): Buffer {
  if (key instanceof Uint8Array) {
    if (key.length !== 32) throw new TypeError('Ed25519 public key must be 32 bytes');
    return Buffer.from(key);
  }
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new TypeError(`expected an Ed25519 key, got ${pub.asymmetricKeyType}`);
  return Buffer.from(pub.export({ format: 'jwk' }).x as string, 'base64url');
}

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[:4]. */
export function noteKeyId(name: string, publicKey: KeyObject | Uint8Array): Buffer {
  const hash = createHash('sha256').update(name, 'utf8').update('\n').update(Buffer.from([ED25519])).update(rawPublicKey(publicKey));
  return hash.digest().subarray(0, 4);
}

/** `<name>+<8 hex key id>+<base64(0x01 ‖ public key)>`. */
export function verifierKey(name: string, publicKey: KeyObject | Uint8Array): string {
  if (!isValidName(name)) throw new TypeError(`invalid note key name ${JSON.stringify(name)}`);
  const raw = rawPublicKey(publicKey);
  return `${name}+${noteKeyId(name, raw).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), raw]).toString('base64')}`;
}

export interface ParsedVerifierKey {
  name: string;
  keyId: string;
  publicKey: KeyObject;
  publicKeyBytes: Buffer;
}

export function parseVerifierKey(vkey: string): ParsedVerifierKey {
  // Split at the first two '+': names and key ids cannot contain one, base64 can.
  const [name = '', id = '', ...rest] = typeof vkey === 'string' ? vkey.split('+') : [];
  const key = strictBase64(rest.join('+'));
  if (!isValidName(name) || !/^[0-9a-f]{8}$/i.test(id) || !key) throw new TypeError('malformed verifier key: want <name>+<8 hex key id>+<base64 key>');
  if (key[0] !== ED25519 || key.length !== 33) throw new TypeError(`unsupported verifier key: want Ed25519 (type 0x01, 32 bytes)`);
  const raw = key.subarray(1);
  const keyId = noteKeyId(name, raw).toString('hex');
  if (keyId !== id.toLowerCase()) throw new TypeError(`verifier key id ${id} does not match its name and key (${keyId})`);
  return { name, keyId, publicKey: publicKeyObject(raw), publicKeyBytes: raw };
}

function checkNoteText(text: string, what: string): void {
  if (!text.isWellFormed()) throw new NoteError('malformed', `${what} is not well-formed UTF-8`);
  if (CONTROL_EXCEPT_NEWLINE.test(text)) throw new NoteError('malformed', `${what} contains an ASCII control character other than newline`);
}

/** Appends a blank line and one Ed25519 signature line per signer to text (which must end in "\n"). */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw new NoteError('malformed', 'note text must end with a newline');
  checkNoteText(text, 'note text');
  if (signers.length === 0) throw new TypeError('signNote needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const seen = new Set<string>();
  const lines = signers.map(({ name, privateKey }) => {
    if (!isValidName(name)) throw new TypeError(`invalid note key name ${JSON.stringify(name)}`);
    const id = noteKeyId(name, privateKey);
    if (seen.has(`${name}+${id.toString('hex')}`)) throw new TypeError(`duplicate signer ${name}`);
    seen.add(`${name}+${id.toString('hex')}`);
    return `${SIG_PREFIX}${name} ${Buffer.concat([id, sign(null, message, privateKey)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

interface KnownKey {
  publicKey: KeyObject;
}

function indexVerifiers(verifiers: readonly (NoteVerifier | string)[]): Map<string, KnownKey> {
  const known = new Map<string, KnownKey>();
  for (const v of verifiers) {
    const { name, publicKey } = typeof v === 'string' ? parseVerifierKey(v) : v;
    if (!isValidName(name)) throw new TypeError(`invalid verifier name ${JSON.stringify(name)}`);
    const raw = rawPublicKey(publicKey);
    const key = `${name}+${noteKeyId(name, raw).toString('hex')}`;
    // Two keys under one (name, id) would make "which key signed this" ambiguous.
    if (known.has(key)) throw new TypeError(`ambiguous verifiers: two keys for ${key}`);
    known.set(key, { publicKey: publicKeyObject(raw) });
  }
  return known;
}

/**
 * Parses and verifies a signed note. Per c2sp.org/signed-note: signatures from
 * unknown (name, key id) pairs are reported with verified = false and not
 * checked; a known key's bad signature rejects the whole note; and at least one
 * known key must have signed. Verifiers may be objects or verifier-key strings.
 */
export function openNote(note: string, verifiers: readonly (NoteVerifier | string)[]): OpenedNote {
  if (typeof note !== 'string') throw new NoteError('malformed', 'signed note must be a string');
  checkNoteText(note, 'signed note');
  const known = indexVerifiers(verifiers);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed', 'signed note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw new NoteError('malformed', 'signed note must end with newline-terminated signature lines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed', `signed note has more than ${MAX_SIGNATURES} signatures`);

  const message = Buffer.from(text, 'utf8');
  const signatures: NoteSignature[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const where = `signature line ${i + 1}`;
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('malformed', `${where} does not start with an em dash and a space`);
    const body = line.slice(SIG_PREFIX.length);
    const space = body.indexOf(' ');
    const name = space < 0 ? body : body.slice(0, space);
    const sig = space < 0 ? null : strictBase64(body.slice(space + 1));
    if (!isValidName(name)) throw new NoteError('malformed', `${where} has an invalid key name`);
    if (!sig || sig.length < 5) throw new NoteError('malformed', `${where} has no valid base64 key id and signature`);
    const keyId = sig.subarray(0, 4).toString('hex');
    const key = `${name}+${keyId}`;
    // Repeats of one key's signature add nothing; the reference drops them too.
    if (seen.has(key)) return;
    seen.add(key);
    const verifier = known.get(key);
    if (!verifier) {
      signatures.push({ name, keyId, verified: false });
      return;
    }
    const ed = sig.subarray(4);
    if (ed.length !== 64 || !verify(null, message, verifier.publicKey, ed)) {
      throw new NoteError('invalid-signature', `signature by known key ${name}+${keyId} does not verify`);
    }
    signatures.push({ name, keyId, verified: true });
  });
  if (!signatures.some((s) => s.verified)) {
    throw new NoteError('unverified', 'signed note has no signature from a known key', signatures);
  }
  return { text, signatures };
}

/** C2SP tlog-checkpoint note text: origin, decimal size, base64 root, then any extension lines. */
export function formatCheckpoint({ origin, size, rootHash, extensions = [] }: Checkpoint): string {
  for (const line of [origin, ...extensions]) {
    if (typeof line !== 'string' || line === '' || line.includes('\n')) throw new TypeError('checkpoint lines must be non-empty single lines');
    checkNoteText(line, 'checkpoint line');
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new TypeError(`checkpoint size must be a non-negative safe integer, got ${size}`);
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== 32) throw new TypeError('checkpoint root hash must be 32 bytes');
  return [origin, String(size), Buffer.from(rootHash).toString('base64'), ...extensions].map((l) => `${l}\n`).join('');
}

function badCheckpoint(why: string): never {
  throw new NoteError('malformed', `malformed checkpoint: ${why}`);
}

/** Strict inverse of formatCheckpoint; sizes beyond Number.MAX_SAFE_INTEGER are rejected rather than rounded. */
export function parseCheckpoint(text: string): Checkpoint & { extensions: string[] } {
  if (typeof text !== 'string' || !text.endsWith('\n')) badCheckpoint('text must end with a newline');
  checkNoteText(text, 'checkpoint');
  const [origin = '', sizeText = '', rootText = '', ...extensions] = text.slice(0, -1).split('\n');
  if (!rootText) badCheckpoint('need origin, size and root hash lines');
  if (!origin) badCheckpoint('origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) badCheckpoint(`size ${JSON.stringify(sizeText)} is not a decimal without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) badCheckpoint(`size ${sizeText} exceeds Number.MAX_SAFE_INTEGER`);
  const rootHash = strictBase64(rootText);
  if (!rootHash || rootHash.length !== 32) badCheckpoint('root hash is not base64 of 32 bytes');
  if (extensions.some((l) => l === '')) badCheckpoint('extension lines must be non-empty');
  return { origin, size, rootHash, extensions };
}
