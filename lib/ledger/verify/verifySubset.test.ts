import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash } from '../hashes';
import { inclusionProof, treeHash } from '../merkle';
import { formatCheckpoint, signNote, verifierKey } from '../signedNote';
import { verifySubset, type ProvenEntry } from './verifySubset';

const ORIGIN = 'warden.test/staging';
const documents = Array.from({ length: 13 }, (_, seq) => JSON.stringify({ record_type: 'execution', id: `e-${seq}` }));
const leaves = documents.map((data) => leafHash(Buffer.from(data)));
const key = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');
const note = (origin = ORIGIN, privateKey = key.privateKey) =>
  signNote(formatCheckpoint({ origin, size: leaves.length, rootHash: treeHash(leaves) }), [{ name: 'warden.test', privateKey }]);
const verifier = verifierKey('warden.test', key.publicKey);
const entry = (seq: number): ProvenEntry => ({ seq, data: documents[seq]!, leafHash: leaves[seq]!, proof: inclusionProof(leaves, seq, leaves.length) });
async function* of(entries: ProvenEntry[]) {
  yield* entries;
}
const check = (entries: ProvenEntry[], checkpoint = note()) => verifySubset(of(entries), { checkpoint, verifiers: [verifier], origin: ORIGIN });

describe('verifySubset (a filtered export checked without the rest of the log)', () => {
  it('accepts any subset whose entries hash to their leaves and prove into the signed root', async () => {
    expect(await check([entry(0), entry(5), entry(12)])).toMatchObject({ entries: 3, checkpointSize: 13, firstProblem: null });
  });

  it('names the entry whose content, position or order is wrong', async () => {
    expect((await check([entry(1), { ...entry(4), data: '{"forged":true}' }])).firstProblem).toMatchObject({ seq: 4, problem: expect.stringMatching(/content changed/) });
    expect((await check([{ ...entry(4), seq: 5 }])).firstProblem).toMatchObject({ seq: 5, problem: expect.stringMatching(/inclusion proof/) });
    expect((await check([entry(6), entry(2)])).firstProblem).toMatchObject({ seq: 2, problem: expect.stringMatching(/out of order/) });
    expect((await check([{ ...entry(3), seq: 13 }])).firstProblem).toMatchObject({ seq: 13, problem: expect.stringMatching(/beyond the checkpoint/) });
  });

  it('refuses a checkpoint signed by another key or for another log', async () => {
    expect((await check([entry(0)], note(ORIGIN, otherKey.privateKey))).firstProblem?.problem).toMatch(/checkpoint does not verify/);
    expect((await check([entry(0)], note('warden.test/production'))).firstProblem?.problem).toMatch(/origin warden.test\/production is not/);
  });
});
