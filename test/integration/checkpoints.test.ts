import * as noble from '@noble/ed25519';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../../lib/ingest';
import { createCheckpoint, findCheckpoint, listLedgerKeys, readEntries } from '../../lib/ledger';
import { getConsistencyProof, getEntries, getInclusionProof } from '../../lib/ledger/ledgerApi';
import { forgetLedgerSigner } from '../../lib/ledger/ledgerIdentity';
import { verifyConsistency, verifyInclusion } from '../../lib/ledger/merkle';
import { openNote, parseCheckpoint, parseVerifierKey } from '../../lib/ledger/signedNote';
import type { TokenPrincipal } from '../../lib/tokens';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

const FIRST_SEED = '11'.repeat(32);
const SECOND_SEED = '22'.repeat(32);
let server: Awaited<ReturnType<typeof serveHandler>>;
let token: string;
const principal = (environment: 'staging' | 'production'): { kind: 'token'; token: TokenPrincipal } =>
  ({ kind: 'token', token: { id: 't', name: 't', prefix: 'p', environment, scopes: ['ledger:read'] } });
const call = (handler: typeof getEntries, query: string, environment: 'staging' | 'production' = 'staging') =>
  handler(new Request(`http://x/api/v1/ledger/staging/x?${query}`), { params: Promise.resolve({ env: 'staging' }), principal: principal(environment) });

async function ingest(from: number, count: number, extra = '') {
  const response = await post(server.url, token, ndjson(Array.from({ length: count }, (_, i) => sampleEvent(from + i))) + extra);
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  await freshDatabase();
  process.env.WARDEN_SIGNING_KEY = FIRST_SEED;
  forgetLedgerSigner();
  token = await ingestToken('staging');
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(async () => {
  delete process.env.WARDEN_SIGNING_KEY;
  forgetLedgerSigner();
  await server.close();
});

describe('signed checkpoints and proofs', () => {
  it('signs a C2SP checkpoint that a second, independent Ed25519 implementation verifies', async () => {
    await ingest(0, 100, 'not json\n');
    const checkpoint = (await createCheckpoint('staging'))!;
    expect(checkpoint.size).toBe(101);
    expect(await createCheckpoint('staging')).toMatchObject({ size: 101, signedNote: checkpoint.signedNote });
    const [key] = await listLedgerKeys();
    const opened = openNote(checkpoint.signedNote, [key!.verifier_key]);
    expect(opened.signatures).toEqual([{ name: 'warden.local', keyId: checkpoint.keyId, verified: true }]);
    expect(parseCheckpoint(opened.text)).toMatchObject({ origin: 'warden.local/staging', size: 101 });
    expect(parseCheckpoint(opened.text).rootHash.equals(checkpoint.rootHash)).toBe(true);

    const signatureLine = checkpoint.signedNote.split('\n\n')[1]!.trim();
    const signature = Buffer.from(signatureLine.split(' ').pop()!, 'base64').subarray(4);
    const publicKey = parseVerifierKey(key!.verifier_key).publicKeyBytes;
    expect(await noble.verifyAsync(signature, Buffer.from(opened.text), publicKey)).toBe(true);
    const tampered = Buffer.from(opened.text.replace('101', '102'));
    expect(await noble.verifyAsync(signature, tampered, publicKey)).toBe(false);
  });

  it('serves inclusion and consistency proofs that verify against the signed roots, and entries that hash to their leaves', async () => {
    const first = (await findCheckpoint('staging'))!;
    await ingest(1000, 37);
    const second = (await createCheckpoint('staging'))!;
    for (const seq of [0, 1, 50, 99, 100]) {
      const proof = await (await call(getInclusionProof, `seq=${seq}&size=${first.size}`)).json();
      expect(proof.root_hash).toBe(first.rootHash.toString('base64'));
      const ok = verifyInclusion(Buffer.from(proof.leaf_hash, 'base64'), seq, first.size, proof.proof.map((h: string) => Buffer.from(h, 'base64')), first.rootHash);
      expect(ok, `seq ${seq}`).toBe(true);
    }
    const consistency = await (await call(getConsistencyProof, `from=${first.size}&to=${second.size}`)).json();
    expect(verifyConsistency(first.size, second.size, first.rootHash, second.rootHash, consistency.proof.map((h: string) => Buffer.from(h, 'base64')))).toBe(true);
    const lines = (await (await call(getEntries, 'start=95&end=105')).text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((entry) => entry.seq)).toEqual([95, 96, 97, 98, 99, 100, 101, 102, 103, 104]);
    for (const entry of lines) {
      const leaf = createHash('sha256').update(Buffer.of(0)).update(Buffer.from(entry.data, 'utf8')).digest('base64');
      expect(leaf).toBe(entry.leaf_hash);
    }
    expect(JSON.parse(lines[5].data)).toMatchObject({ record_type: 'quarantined', reason: expect.stringMatching(/^invalid JSON/) });
  });

  it('answers fewer entries than asked (never none) once an answer would pass its byte budget, as CT get-entries may', async () => {
    const all = await readEntries('staging', 0, 101);
    expect(all.map((entry) => entry.seq)).toEqual(Array.from({ length: 101 }, (_, seq) => seq)); // read in pages, across them
    const lineBytes = all.map((entry) => Buffer.byteLength(JSON.stringify(entry)) + 1);
    const budget = lineBytes.slice(0, 60).reduce((sum, bytes) => sum + bytes, 0);
    expect(await readEntries('staging', 0, 101, budget)).toEqual(all.slice(0, 60));
    expect(await readEntries('staging', 0, 101, budget - 1)).toEqual(all.slice(0, 59));
    expect(await readEntries('staging', 7, 101, 1)).toEqual([all[7]]);
  });

  it('refuses bad ranges, and tokens of the other environment', async () => {
    expect((await call(getInclusionProof, 'seq=5&size=99999')).status).toBe(400);
    expect((await call(getConsistencyProof, 'from=0&to=5')).status).toBe(400);
    expect((await call(getEntries, 'start=0&end=5000')).status).toBe(400);
    expect((await call(getEntries, 'start=x&end=5')).status).toBe(400);
    const crossed = await call(getEntries, 'start=0&end=5', 'production');
    expect(crossed.status).toBe(403);
    expect((await crossed.json()).message).toBe('a production token cannot read the staging ledger');
  });

  it('rotates the signing key: new checkpoints use the new key, old ones still verify with the published old key', async () => {
    const old = (await findCheckpoint('staging'))!;
    process.env.WARDEN_SIGNING_KEY = SECOND_SEED;
    forgetLedgerSigner();
    await ingest(2000, 5);
    const rotated = (await createCheckpoint('staging'))!;
    const keys = await listLedgerKeys();
    expect(keys).toHaveLength(2);
    expect(keys[0]!.valid_until).not.toBeNull();
    expect(keys[1]!.valid_until).toBeNull();
    expect(rotated.keyId).not.toBe(old.keyId);
    expect(openNote(old.signedNote, keys.map((key) => key.verifier_key)).signatures[0]!.verified).toBe(true);
    expect(openNote(rotated.signedNote, keys.map((key) => key.verifier_key)).signatures[0]!.verified).toBe(true);
    expect(() => openNote(rotated.signedNote, [keys[0]!.verifier_key])).toThrow();

    // Back to the first key: the published periods must say it is the one signing again.
    process.env.WARDEN_SIGNING_KEY = FIRST_SEED;
    forgetLedgerSigner();
    await ingest(2100, 1);
    const back = (await createCheckpoint('staging'))!;
    expect(back.keyId).toBe(old.keyId);
    const now = await listLedgerKeys();
    const verifies = (verifierKey: string) => {
      try {
        return openNote(back.signedNote, [verifierKey]).signatures.some((signature) => signature.verified);
      } catch {
        return false;
      }
    };
    const signing = now.find((key) => verifies(key.verifier_key));
    expect(signing).toMatchObject({ valid_until: null });
    expect(now.filter((key) => key.valid_until === null)).toHaveLength(1);
    process.env.WARDEN_SIGNING_KEY = SECOND_SEED; // as the tests below expect
    forgetLedgerSigner();
  });

  it('a consistency proof from an anchored checkpoint fails once history was rewritten', async () => {
    const anchored = (await findCheckpoint('staging'))!;
    // A superuser bypasses the append-only triggers, rewrites entry 3 with a matching leaf hash and
    // rebuilds the Merkle state, as a careful attacker would.
    await sql(`SET session_replication_role = replica;
      UPDATE executions SET leaf_hash = decode(repeat('ab', 32), 'hex') WHERE environment = 'staging' AND seq = 3;
      UPDATE log_heads SET merkle_size = 0, merkle_peaks = NULL WHERE environment = 'staging';`);
    await ingest(3000, 2);
    const after = (await createCheckpoint('staging'))!;
    const proof = await (await call(getConsistencyProof, `from=${anchored.size}&to=${after.size}`)).json();
    const hashes = proof.proof.map((h: string) => Buffer.from(h, 'base64'));
    expect(verifyConsistency(anchored.size, after.size, anchored.rootHash, after.rootHash, hashes)).toBe(false);
    expect(Buffer.from(proof.root_from, 'base64').equals(anchored.rootHash)).toBe(false);
  });
});
