import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inclusionProof, leafHashOf, treeHash, verifyInclusion } from './merkle';
import { formatCheckpoint, NoteError, noteKeyId, openNote, parseCheckpoint, parseVerifierKey, signNote, verifierKey } from './signedNote';

// Vectors live beside the repo (copied there in CI); a missing directory must fail, not skip.
const VECTORS = path.resolve(process.cwd(), '..', 'shared', 'vectors');
const VECTOR_FILE = path.join(VECTORS, 'signed-note-ed25519.json');
if (!existsSync(VECTOR_FILE)) throw new Error(`test vector not found at ${VECTOR_FILE}; copy shared/vectors beside the repo`);

interface NoteVector {
  signerKey: string;
  verifierKey: string;
  noteText: string;
  signedNote: string;
  otherSignatureLine: string;
  otherVerifierKey: string;
  mustReject: Array<{ desc: string; input: string }>;
}
const vector = JSON.parse(readFileSync(VECTOR_FILE, 'utf8')) as NoteVector;

// Go's signer key format: PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ 32-byte seed).
function goSignerKey(skey: string): { name: string; privateKey: KeyObject } {
  // The base64 may itself contain '+', so only the first four are separators.
  const [, , name = '', , ...rest] = skey.split('+');
  const b64 = rest.join('+');
  const raw = Buffer.from(b64, 'base64');
  expect(raw[0]).toBe(0x01);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), raw.subarray(1)]);
  return { name, privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
}
const peter = goSignerKey(vector.signerKey);
const fresh = (name: string) => ({ name, privateKey: generateKeyPairSync('ed25519').privateKey });

function noteError(fn: () => unknown): NoteError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NoteError);
    return error as NoteError;
  }
  throw new Error('expected a NoteError');
}

describe('signed-note vector (golang.org/x/mod/sumdb/note)', () => {
  it('derives the published verifier key and key id', () => {
    const pub = createPublicKey(peter.privateKey);
    expect(verifierKey(peter.name, pub)).toBe(vector.verifierKey);
    expect(verifierKey(peter.name, peter.privateKey)).toBe(vector.verifierKey);
    expect(noteKeyId(peter.name, pub).toString('hex')).toBe('c74f20a3');
    const parsed = parseVerifierKey(vector.verifierKey);
    expect(parsed).toMatchObject({ name: 'PeterNeumann', keyId: 'c74f20a3' });
    expect(verifierKey(parsed.name, parsed.publicKeyBytes)).toBe(vector.verifierKey);
    expect(verifierKey(parsed.name, parsed.publicKey)).toBe(vector.verifierKey);
  });

  it('reproduces the signed note byte for byte', () => {
    const signed = signNote(vector.noteText, [peter]);
    expect(signed).toBe(vector.signedNote);
    expect(Buffer.from(signed, 'utf8').equals(Buffer.from(vector.signedNote, 'utf8'))).toBe(true);
  });

  it('opens the signed note with the verifier key, as a string or as {name, publicKey}', () => {
    const want = { text: vector.noteText, signatures: [{ name: 'PeterNeumann', keyId: 'c74f20a3', verified: true }] };
    expect(openNote(vector.signedNote, [vector.verifierKey])).toEqual(want);
    const { name, publicKey } = parseVerifierKey(vector.verifierKey);
    expect(openNote(vector.signedNote, [{ name, publicKey }])).toEqual(want);
  });

  it('handles the second signer as unknown, or verifies it when known', () => {
    const both = vector.signedNote + vector.otherSignatureLine;
    const enoch = { name: 'EnochRoot', keyId: parseVerifierKey(vector.otherVerifierKey).keyId };
    expect(openNote(both, [vector.verifierKey]).signatures).toEqual([
      { name: 'PeterNeumann', keyId: 'c74f20a3', verified: true },
      { ...enoch, verified: false },
    ]);
    expect(openNote(both, [vector.otherVerifierKey]).signatures).toEqual([
      { name: 'PeterNeumann', keyId: 'c74f20a3', verified: false },
      { ...enoch, verified: true },
    ]);
    expect(openNote(both, [vector.verifierKey, vector.otherVerifierKey]).signatures.every((s) => s.verified)).toBe(true);
    const err = noteError(() => openNote(both, []));
    expect(err.code).toBe('unverified');
    expect(err.signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
  });

  it.each(vector.mustReject.map((r) => [r.desc, r.input] as const))('rejects: %s', (_desc, input) => {
    expect(vector.mustReject).toHaveLength(4);
    const err = noteError(() => openNote(input, [vector.verifierKey, vector.otherVerifierKey]));
    expect(err.message.length).toBeGreaterThan(10);
  });
});

describe('signed notes', () => {
  const text = 'example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
  const a = fresh('example.com/log');
  const b = fresh('witness.example/w1');
  const vkeyA = verifierKey(a.name, a.privateKey);

  it('round-trips several signers and rejects any change to the text', () => {
    const signed = signNote(text, [a, b]);
    expect(signed.split('\n\u2014 ')).toHaveLength(3);
    expect(openNote(signed, [vkeyA, verifierKey(b.name, b.privateKey)]).text).toBe(text);
    expect(noteError(() => openNote(signed.replace('\n3\n', '\n4\n'), [vkeyA])).code).toBe('invalid-signature');
  });

  it('ignores a key that shares only the name, or only the id, with a known one', () => {
    const signed = signNote(text, [a]);
    expect(noteError(() => openNote(signed, [verifierKey(a.name, fresh(a.name).privateKey)])).code).toBe('unverified');
    const otherName = signed.replace(`\u2014 ${a.name} `, '\u2014 example.com/other ');
    expect(noteError(() => openNote(otherName, [vkeyA])).code).toBe('unverified');
  });

  it('drops repeated signatures and caps the signature count', () => {
    const signed = signNote(text, [a]);
    const line = signed.slice(text.length + 1);
    expect(openNote(signed + line, [vkeyA]).signatures).toHaveLength(1);
    expect(noteError(() => openNote(signed + line.repeat(100), [vkeyA])).code).toBe('malformed');
  });

  it('rejects malformed notes and signature lines', () => {
    const signed = signNote(text, [a]);
    const line = signed.slice(text.length + 1);
    const bad = [
      text, `${text}\n`, signed.slice(0, -1), signed.replace('\u2014', '-'), signed.replace('\u2014 ', '\u2014'),
      `${text}\n\u2014 ${a.name}\n`, `${text}\n\u2014 ${a.name} AAAA\n`, `${text}\n\u2014 ${a.name} !!!!\n`,
      `${text}\n\u2014 a+b ${line.split(' ')[2]}`, signed.replace('log\n', 'log\r\n'), `\uD800${signed}`, `${signed}\n`,
    ];
    for (const note of bad) expect(noteError(() => openNote(note, [vkeyA])).code, JSON.stringify(note)).toBe('malformed');
  });

  it('refuses to sign text that could not be opened', () => {
    for (const t of ['no newline', 'tab\there\n', '\uDC00\n']) expect(() => signNote(t, [a])).toThrow(NoteError);
    for (const name of ['', 'has space', 'a+b', 'nbsp\u00a0']) expect(() => signNote(text, [{ ...a, name }])).toThrow(/name/);
    expect(() => signNote(text, [a, a])).toThrow(/duplicate/);
    expect(() => signNote(text, [])).toThrow();
  });

  it('parses verifier keys strictly', () => {
    const [name, id, key] = [vkeyA.split('+')[0], vkeyA.split('+')[1]!, vkeyA.slice(vkeyA.indexOf('+', vkeyA.indexOf('+') + 1) + 1)];
    expect(parseVerifierKey(`${name}+${id.toUpperCase()}+${key}`).keyId).toBe(id);
    for (const bad of ['', name!, `${name}+${id}`, `${name}+0000000+${key}`, `${name}+00000000+${key}`, `${name}+${id}+${key.slice(1)}`, `${name}+${id}+AQ==`, `x${name}+${id}+${key}`]) {
      expect(() => parseVerifierKey(bad), bad).toThrow(TypeError);
    }
    expect(() => parseVerifierKey(`${name}+${id}+${Buffer.concat([Buffer.from([2]), Buffer.alloc(32)]).toString('base64')}`)).toThrow(/Ed25519/);
  });
});

describe('checkpoints', () => {
  const rootHash = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');
  const spec = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

  it('formats and parses the C2SP example, with and without extension lines', () => {
    expect(formatCheckpoint({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash })).toBe(spec);
    expect(parseCheckpoint(spec)).toEqual({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash, extensions: [] });
    const ext = formatCheckpoint({ origin: 'o', size: 0, rootHash, extensions: ['x y', 'z'] });
    expect(ext).toBe(`o\n0\n${rootHash.toString('base64')}\nx y\nz\n`);
    expect(parseCheckpoint(ext).extensions).toEqual(['x y', 'z']);
  });

  it('rejects anything but the strict format', () => {
    const r = rootHash.toString('base64');
    const bad = [
      spec.slice(0, -1), `o\n1\n`, `\n1\n${r}\n`, `o\n01\n${r}\n`, `o\n-1\n${r}\n`, `o\n+1\n${r}\n`, `o\n 1\n${r}\n`, `o\n1.0\n${r}\n`,
      `o\n${2 ** 53}\n${r}\n`, `o\n18446744073709551615\n${r}\n`, `o\n1\n${rootHash.subarray(1).toString('base64')}\n`,
      `o\n1\n${r.slice(0, -1)}\n`, `o\n1\n${r.replace('=', '')}\n`, `o\n1\n${r}\n\n`, `o\n1\n${r}\next\n\n`, `o\r\n1\n${r}\n`,
    ];
    for (const text of bad) expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(/checkpoint/);
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash })).toThrow();
    expect(() => formatCheckpoint({ origin: 'o', size: -1, rootHash })).toThrow();
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: rootHash.subarray(1) })).toThrow();
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash, extensions: [''] })).toThrow();
  });

  it('carries a Merkle root end to end: sign, open, parse, verify inclusion', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => leafHashOf(Buffer.from(`event ${i}`)));
    const log = fresh('warden.example/log');
    const note = signNote(formatCheckpoint({ origin: log.name, size: 13, rootHash: treeHash(leaves) }), [log]);
    const checkpoint = parseCheckpoint(openNote(note, [verifierKey(log.name, log.privateKey)]).text);
    expect(verifyInclusion(leaves[5]!, 5, checkpoint.size, inclusionProof(leaves, 5, 13), checkpoint.rootHash)).toBe(true);
  });
});
