import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { wardenHome } from '../config/wardenHome';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Raw 32-byte Ed25519 public key. */
  publicKeyBytes: Buffer;
}

const KEY_FILE = 'ledger-signing-key.pem';
// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function fromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new Error('WARDEN_SIGNING_KEY must hold a 32-byte Ed25519 seed (base64 or hex) or a PKCS#8 PEM');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function parseConfiguredKey(value: string): KeyObject {
  const text = value.trim();
  if (text.startsWith('-----BEGIN')) return createPrivateKey(text);
  return fromSeed(/^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64'));
}

/** The key file under `.warden/`, generated once with 0600 permissions; never stored in the database. */
function keyFromFile(): KeyObject {
  const file = path.join(wardenHome(), KEY_FILE);
  try {
    return createPrivateKey(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return createPrivateKey(readFileSync(file, 'utf8'));
    throw error;
  }
}

/** The ledger's Ed25519 signing key: `WARDEN_SIGNING_KEY`, or `.warden/ledger-signing-key.pem`. */
export function loadSigningKey(env: Record<string, string | undefined> = process.env): SigningKey {
  const privateKey = env.WARDEN_SIGNING_KEY ? parseConfiguredKey(env.WARDEN_SIGNING_KEY) : keyFromFile();
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the ledger signing key must be Ed25519');
  const publicKey = createPublicKey(privateKey);
  const publicKeyBytes = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { privateKey, publicKey, publicKeyBytes };
}
