import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR, recordConsoleAction } from '../../lib/audit';
import { authenticate, createUser, resetPassword, setUserActive } from '../../lib/auth';
import pg from 'pg';
import { createCheckpoint, inclusionProofFor, ledgerSigner, logOrigin, readEntries } from '../../lib/ledger';
import { logEntries } from '../../lib/ledger/verify/logEntries';
import { verifyEntries } from '../../lib/ledger/verify/verifyEntries';
import { canonicalJson } from '../../lib/ledger/canonicalJson';
import { consoleActionDocument } from '../../lib/ledger/documents';
import { chainHash, GENESIS_CHAIN_HASH, leafHash } from '../../lib/ledger/hashes';
import { CompactRange } from '../../lib/ledger/merkle';
import { createToken } from '../../lib/tokens';
import { freshDatabase } from '../support/freshDatabase';
import { sql } from '../support/ingestFixtures';

type ActionRow = {
  seq: string; at: Date; actor: string; actor_id: string | null; action: string; target: string | null;
  details: Record<string, unknown> | null; source_ip: string | null; leaf_hash: Buffer; chain_hash: Buffer;
};
const PASSWORD = 'a long enough passphrase';
const actions = () => sql<ActionRow>('SELECT * FROM console_actions ORDER BY seq');

beforeAll(async () => {
  await freshDatabase();
});

describe('console actions in the ledger', () => {
  it('records user, token and sign-in changes with who, what and from where — and never a secret', async () => {
    const admin = { id: null, label: 'admin@example.com' };
    await createUser({ email: 'ann@example.com', password: PASSWORD, role: 'analyst' }, admin);
    const token = await createToken({ name: 'vector', environment: 'production', scopes: ['ingest:write'] }, CLI_ACTOR);
    expect(await authenticate({ email: 'ann@example.com', password: PASSWORD }, '198.51.100.7')).not.toBeNull();
    expect(await authenticate({ email: 'ann@example.com', password: 'not the password' }, '198.51.100.8')).toBeNull();
    await resetPassword('ann@example.com', 'another long passphrase', admin);
    await setUserActive('ann@example.com', false, admin);

    const rows = await actions();
    expect(rows.map((row) => [Number(row.seq), row.actor, row.action, row.target])).toEqual([
      [0, 'admin@example.com', 'user.created', 'user:ann@example.com'],
      [1, 'cli', 'token.created', `token:${token.prefix}`],
      [2, 'ann@example.com', 'sign_in.succeeded', 'user:ann@example.com'],
      [3, 'ann@example.com', 'sign_in.failed', 'user:ann@example.com'],
      [4, 'admin@example.com', 'user.password_reset', 'user:ann@example.com'],
      [5, 'admin@example.com', 'user.deactivated', 'user:ann@example.com'],
    ]);
    expect(rows[1]!.details).toMatchObject({ name: 'vector', environment: 'production', scopes: ['ingest:write'] });
    expect(rows[2]!.source_ip).toBe('198.51.100.7');
    expect(rows[3]!.details).toEqual({ reason: 'wrong password' });
    const everything = JSON.stringify(rows);
    for (const secret of [token.token, PASSWORD, 'another long passphrase', 'not the password']) expect(everything).not.toContain(secret);
  });

  it('hashes, chains and Merkle-commits each action so checkpoints cover the console log', async () => {
    const rows = await actions();
    const merkle = new CompactRange();
    let chain = GENESIS_CHAIN_HASH;
    for (const row of rows) {
      const document = consoleActionDocument({
        at: row.at.toISOString(), actor: row.actor, actor_id: row.actor_id, action: row.action, target: row.target, details: row.details, source_ip: row.source_ip,
      });
      const leaf = leafHash(Buffer.from(canonicalJson(document)));
      expect(leaf.equals(row.leaf_hash)).toBe(true);
      chain = chainHash(chain, leaf);
      expect(chain.equals(row.chain_hash)).toBe(true);
      merkle.append(leaf);
    }
    const checkpoint = await createCheckpoint('console');
    expect(checkpoint).toMatchObject({ size: rows.length });
    expect(checkpoint!.rootHash.equals(merkle.root())).toBe(true);
    expect(checkpoint!.signedNote.split('\n')[0]).toMatch(/\/console$/);
  });

  it('numbers concurrent actions gaplessly', async () => {
    const before = (await actions()).length;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      recordConsoleAction({ actor: CLI_ACTOR, action: 'ledger.verification_started', target: `run:${i}` })));
    expect(results.map((result) => result.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => before + i));
    expect((await sql<{ next_seq: string }>("SELECT next_seq FROM log_heads WHERE environment = 'console'"))[0]!.next_seq).toBe(String(before + 20));
  });

  it('records strings with half a surrogate pair (a failed sign-in\'s email, a cut string in details) so that they still verify', async () => {
    expect(await authenticate({ email: 'mallory\ud800@example.com', password: 'not the password' }, '203.0.113.9')).toBeNull();
    await recordConsoleAction({ actor: CLI_ACTOR, action: 'case.updated', target: 'case:\udc00', details: { note: 'cut \ud83d', ['key\udfff']: ['\ud800'] } });
    const [failed, cut] = (await actions()).slice(-2);
    expect(failed).toMatchObject({ action: 'sign_in.failed', actor: 'mallory\ufffd@example.com' });
    expect(cut).toMatchObject({ target: 'case:\ufffd', details: { note: 'cut \ufffd', ['key\ufffd']: ['\ufffd'] } });
    const size = (await actions()).length;
    const checkpoint = (await createCheckpoint('console'))!;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const report = await verifyEntries(logEntries(client, 'console'), {
        checkpoints: [checkpoint.signedNote], verifiers: [(await ledgerSigner()).verifierKey], origin: logOrigin('console'), expectedSize: size,
      });
      expect(report).toMatchObject({ entries: size, firstProblem: null });
    } finally {
      await client.end();
    }
  });

  it('verifies like any log (warden verify\'s walk, entries feed, inclusion proof) and names a rewritten action', async () => {
    const size = (await actions()).length;
    const checkpoint = (await createCheckpoint('console'))!;
    const verifyConsole = async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        return await verifyEntries(logEntries(client, 'console'), {
          checkpoints: [checkpoint.signedNote], verifiers: [(await ledgerSigner()).verifierKey], origin: logOrigin('console'), expectedSize: size,
        });
      } finally {
        await client.end();
      }
    };
    const report = await verifyConsole();
    expect(report).toMatchObject({ entries: size, checkpointsChecked: 1, firstProblem: null });

    const entries = await readEntries('console', 0, size);
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: size }, (_, i) => i));
    expect(JSON.parse(entries[0]!.data)).toMatchObject({ record_type: 'console_action', action: 'user.created' });
    const proof = await inclusionProofFor('console', 3, size);
    expect(Buffer.from(proof.root_hash, 'base64').equals(checkpoint.rootHash)).toBe(true);

    await sql("SET session_replication_role = replica; UPDATE console_actions SET actor = 'someone innocent' WHERE seq = 3");
    expect((await verifyConsole()).firstProblem).toMatchObject({ seq: 3, problem: expect.stringMatching(/no longer hashes/) });
  });

  it('refuses to change or remove recorded actions, and tokens bound to the console log', async () => {
    await expect(sql("UPDATE console_actions SET actor = 'someone else' WHERE seq = 0")).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM console_actions WHERE seq = 0')).rejects.toThrow(/append-only/);
    await expect(sql('TRUNCATE console_actions')).rejects.toThrow(/append-only/);
    await expect(sql(`INSERT INTO api_tokens (name, prefix, environment, scopes, token_hash)
      VALUES ('x', 'wdn_console_x', 'console', '{ingest:write}', 'h')`)).rejects.toThrow(/api_tokens_environment_not_console/);
  });
});
