import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSigningKey } from './signingKey';

// RFC 8032 §7.1, TEST 1.
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

describe('ledger signing key', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'warden-key-'));
  const previous = process.env.WARDEN_HOME;
  process.env.WARDEN_HOME = home;
  afterAll(() => {
    process.env.WARDEN_HOME = previous;
    rmSync(home, { recursive: true, force: true });
  });

  it('takes WARDEN_SIGNING_KEY as a hex or base64 seed (RFC 8032 vector) or a PKCS#8 PEM', () => {
    expect(loadSigningKey({ WARDEN_SIGNING_KEY: SEED }).publicKeyBytes.toString('hex')).toBe(PUBLIC);
    expect(loadSigningKey({ WARDEN_SIGNING_KEY: Buffer.from(SEED, 'hex').toString('base64') }).publicKeyBytes.toString('hex')).toBe(PUBLIC);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const loaded = loadSigningKey({ WARDEN_SIGNING_KEY: pem });
    expect(verify(null, Buffer.from('m'), publicKey, sign(null, Buffer.from('m'), loaded.privateKey))).toBe(true);
    expect(() => loadSigningKey({ WARDEN_SIGNING_KEY: 'c2hvcnQ=' })).toThrow(/32-byte Ed25519 seed/);
  });

  it('otherwise generates one key into .warden with 0600 permissions and keeps using it', () => {
    const first = loadSigningKey({});
    expect(statSync(path.join(home, 'ledger-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(loadSigningKey({}).publicKeyBytes.equals(first.publicKeyBytes)).toBe(true);
  });
});
