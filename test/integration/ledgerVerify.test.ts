import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closePool } from '../../lib/db';
import { handleIngest } from '../../lib/ingest';
import { createCheckpoint, ledgerSigner, listLedgerKeys, logOrigin } from '../../lib/ledger';
import { forgetLedgerSigner } from '../../lib/ledger/ledgerIdentity';
import { checkRange } from '../../lib/ledger/verify/checkRange';
import { databaseEntries } from '../../lib/ledger/verify/databaseEntries';
import { wasmDocumentWriter } from '../../lib/ledger/verify/executionCopy';
import { readExportHead } from '../../lib/ledger/verify/exportFile';
import { RangeWorkers } from '../../lib/ledger/verify/rangeWorkers';
import { verifyDatabaseLog } from '../../lib/ledger/verify/verifyDatabaseLog';
import { verifyEntries } from '../../lib/ledger/verify/verifyEntries';
import { verifyExportFile } from '../../lib/ledger/verify/verifyExportFile';
import { exportFileStream, writeExport } from '../../lib/ledger/verify/writeExport';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

const anchors = mkdtempSync(path.join(tmpdir(), 'warden-anchors-'));
let server: Awaited<ReturnType<typeof serveHandler>>;

beforeAll(async () => {
  process.env.WARDEN_SIGNING_KEY = '33'.repeat(32);
  process.env.WARDEN_ANCHOR_DIR = anchors;
  forgetLedgerSigner();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(async () => {
  delete process.env.WARDEN_SIGNING_KEY;
  delete process.env.WARDEN_ANCHOR_DIR;
  forgetLedgerSigner();
  rmSync(anchors, { recursive: true, force: true });
  await server.close();
});

/** A fresh log of 60 entries (one quarantined) with checkpoints at 40 and 60. */
beforeEach(async () => {
  // Anchored checkpoints belong to the log they came from: an earlier test's would read as this log's removed tail.
  for (const name of readdirSync(anchors)) rmSync(path.join(anchors, name));
  await closePool();
  await freshDatabase();
  forgetLedgerSigner();
  const token = await ingestToken('staging');
  await post(server.url, token, ndjson(Array.from({ length: 39 }, (_, i) => sampleEvent(i))) + 'broken\n');
  await createCheckpoint('staging');
  await post(server.url, token, ndjson(Array.from({ length: 20 }, (_, i) => sampleEvent(100 + i))));
  await createCheckpoint('staging');
});

async function verifyOnline() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const notes = (await client.query<{ signed_note: string }>("SELECT signed_note FROM checkpoints WHERE environment = 'staging' ORDER BY size")).rows.map((row) => row.signed_note);
    const [head] = (await client.query<{ next_seq: string }>("SELECT next_seq FROM log_heads WHERE environment = 'staging'")).rows;
    const options = { checkpoints: notes, verifiers: [(await ledgerSigner()).verifierKey], origin: logOrigin('staging'), expectedSize: Number(head!.next_seq) };
    const oneByOne = await verifyEntries(databaseEntries(client, 'staging'), options);
    // The range-by-range verifier, in worker threads and in this thread, with ranges small enough
    // that tampering lands at range starts, ends and across boundaries: it must say exactly the same.
    const comparable = ({ seconds: _, ...report }: typeof oneByOne) => report;
    for (const [workers, rangeSize] of [[2, 7], [0, 1]] as const) {
      expect(comparable(await verifyDatabaseLog(client, 'staging', { ...options, workers, rangeSize })), `${workers} workers, ranges of ${rangeSize}`).toEqual(comparable(oneByOne));
    }
    return oneByOne;
  } finally {
    await client.end();
  }
}

/** `warden export` of the staging log into `out`, over a connection of its own. */
async function exportStaging(out: Writable) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await writeExport(client, 'staging', out);
  } finally {
    await client.end();
  }
}

const tamper = (statement: string) => sql(`SET session_replication_role = replica; ${statement}`);

describe('verification worker threads', () => {
  it('run the cached bundle of the sources (not the tsx fallback) and check a range exactly as this thread does', async () => {
    const workers = new RangeWorkers(2, process.env.DATABASE_URL!);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const [first, second] = await Promise.all([workers.check('staging', 0, 30), workers.check('staging', 30, 60)]);
      expect(workers.ready).toBe(true);
      expect(workers.loadedFrom).toEqual(['bundle', 'bundle']);
      for (const [span, from] of [[first!, 0], [second!, 30]] as const) {
        const here = await checkRange(client, 'staging', from, from + 30);
        expect({ ...span, leaves: Buffer.from(span.leaves).toString('hex') }).toEqual({ ...here, leaves: Buffer.from(here.leaves).toString('hex') });
      }
    } finally {
      await client.end();
      await workers.close();
    }
  });
});

describe('warden verify catches tampering and names the first bad entry', () => {
  it('an untouched log verifies: every leaf, the chain and both signed roots; checkpoints were anchored to files', async () => {
    const writer = wasmDocumentWriter()!;
    const [written, declined, wholeMessages] = [writer.written, writer.declined, writer.wholeMessages];
    const report = await verifyOnline();
    expect(report).toMatchObject({ entries: 59 + 1, checkpointsChecked: 2, firstProblem: null });
    // This thread's passes (two, and a share of the one with workers) wrote every execution's document with the WebAssembly writer.
    expect(writer.declined - declined).toBe(0);
    expect(writer.written - written).toBeGreaterThanOrEqual(59 * 2);
    // The range checks here took PostgreSQL's messages whole, one row each, all but the first (it comes with the COPY header).
    expect(writer.wholeMessages - wholeMessages).toBeGreaterThan(0);
    expect(readdirSync(anchors).filter((name) => name.startsWith('staging-'))).toEqual(expect.arrayContaining(['staging-000000000040.note', 'staging-000000000060.note']));
  });

  it('judges stored JSON by its content: another text of the same value (jsonb\'s form, as rows from before json hold it; other escapes) still verifies', async () => {
    await tamper(`UPDATE executions SET output = output::jsonb::json, arguments = arguments::jsonb::json WHERE seq BETWEEN 3 AND 9;
      UPDATE executions SET output = replace(output::text, 'Issue', '\\u0049ssue')::json WHERE seq = 12`);
    const rows = await sql<{ output: string }>('SELECT output::text AS output FROM executions WHERE seq IN (3, 12) ORDER BY seq');
    expect(rows.map((row) => row.output)).toEqual([expect.stringContaining('"items": [{'), expect.stringContaining('\\u0049ssue')]);
    const writer = wasmDocumentWriter()!;
    const declined = writer.declined;
    expect(await verifyOnline()).toMatchObject({ entries: 60, checkpointsChecked: 2, firstProblem: null });
    // jsonb's form the WebAssembly writer reorders itself; the unusual escape it leaves to JavaScript.
    expect(writer.declined - declined).toBeGreaterThan(0);
  });

  it.each([
    ['one byte of a stored output changed', `UPDATE executions SET output = replace(output::text, '"number":17', '"number":18')::json WHERE seq = 17`, 17, /content changed/],
    ['a stored output rewritten in jsonb\'s form with one value changed', `UPDATE executions SET output = jsonb_set(output::jsonb, '{items,0,number}', '18')::json WHERE seq = 17`, 17, /content changed/],
    ['a row deleted', 'DELETE FROM executions WHERE seq = 23', 23, /entry 23 is missing/],
    ['two rows swapped', 'UPDATE executions SET seq = -1 WHERE seq = 30; UPDATE executions SET seq = 30 WHERE seq = 31; UPDATE executions SET seq = 31 WHERE seq = -1', 30, /hash chain breaks/],
    ['a forged row inserted', `INSERT INTO executions SELECT environment, seq, 'forged', ingested_at + interval '1 ms', "timestamp", server_name, server_version, method, tool_name,
       tool_version, input_schema_hash, prompt_name, prompt_version, prompt_checksum, prompt, model, model_config_version, user_id, session_id, agent_id,
       request_id, trace_id, span_id, arguments, output, is_error, error, duration_ms, input_tokens, output_tokens, side_effects, attributes, token_id,
       raw_sha256, leaf_hash, chain_hash FROM executions WHERE seq = 45`, 45, /./],
    ['the tail truncated', 'DELETE FROM executions WHERE seq >= 50', 50, /tail removed/],
    ['the first row deleted', 'DELETE FROM executions WHERE seq = 0', 0, /entry 0 is missing \(next stored entry is 1\)/],
    ['a row deleted at a range start', 'DELETE FROM executions WHERE seq = 21', 21, /entry 21 is missing \(next stored entry is 22\)/],
    ['rows deleted up to a range end', 'DELETE FROM executions WHERE seq BETWEEN 24 AND 27', 24, /entry 24 is missing \(next stored entry is 28\)/],
    ['two rows swapped across a range boundary', 'UPDATE executions SET seq = -1 WHERE seq = 27; UPDATE executions SET seq = 27 WHERE seq = 28; UPDATE executions SET seq = 28 WHERE seq = -1', 27, /hash chain breaks/],
    ['a stored chain hash rewritten at a range start', `UPDATE executions SET chain_hash = sha256(chain_hash) WHERE seq = 35`, 35, /hash chain breaks/],
    ['a stored chain hash rewritten at a range end', `UPDATE executions SET chain_hash = sha256(chain_hash) WHERE seq = 41`, 41, /hash chain breaks/],
    ['the quarantined line changed', `UPDATE quarantined_lines SET reason = 'fine' WHERE seq = 39`, 39, /content changed/],
  ])('%s', async (_, statement, seq, problem) => {
    await tamper(statement);
    const report = await verifyOnline();
    expect(report.firstProblem).toEqual({ seq, problem: expect.stringMatching(problem) });
  });

  it('the CLI verifies online, exports, and verifies the export offline with only the public key; a tampered export fails', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-export-'));
    const run = (args: string[]) => spawnSync(process.execPath, [path.resolve('bin', 'warden'), ...args], { encoding: 'utf8', env: { ...process.env }, timeout: 90_000 });
    const online = run(['verify', '--env', 'staging']);
    expect(online.stdout).toMatch(/^60 entries, 2 checkpoints checked in [\d.]+ s \(\d+ entries\/s\)\nOK: root /m);
    expect(online.status).toBe(0);
    const file = path.join(dir, 'staging.jsonl');
    expect(run(['export', '--env', 'staging', '--out', file]).status).toBe(0);
    const pubkey = (await ledgerSigner()).verifierKey;
    const offline = spawnSync(process.execPath, [path.resolve('bin', 'warden'), 'verify', '--export', file, '--pubkey', pubkey], {
      encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }, timeout: 90_000,
    });
    expect(offline.stdout).toContain('OK: root');
    const lines = readFileSync(file, 'utf8').split('\n');
    const original = lines[12]!;
    lines[12] = original.replace('\\"is_error\\":false', '\\"is_error\\":true');
    expect(lines[12]).not.toBe(original);
    writeFileSync(file, lines.join('\n'));
    const tampered = run(['verify', '--export', file, '--pubkey', pubkey]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('FAILED at seq 11: the stored record no longer hashes to its leaf hash');
    rmSync(dir, { recursive: true, force: true });
  }, 120_000); // four CLI processes, each starting tsx
});

describe('lines with half a surrogate pair', () => {
  it('are quarantined with a reason that verifies, whether a record field holds one or JSON.parse quotes one', async () => {
    const token = await ingestToken('staging');
    const response = await post(server.url, token, ['\u{1F680} server started', JSON.stringify(sampleEvent(600)).replace('"tool_name":"', '"tool_name":"x\\ud800'),
      JSON.stringify({ ...sampleEvent(602), id: 'run-\\udc00' }).replace('\\\\', '\\'), ndjson([sampleEvent(601), sampleEvent(603, { prompt: 'not a NUL: \\u0000', output: { note: '\\\\u0000' } })])].join('\n'));
    expect(response.status).toBe(200);
    const rows = await sql<{ seq: string; reason: string }>("SELECT seq::text, reason FROM quarantined_lines WHERE environment = 'staging' AND seq >= 60 ORDER BY seq");
    expect(rows).toEqual([
      { seq: '60', reason: expect.stringMatching(/^invalid JSON: Unexpected token '\ufffd'/) },
      { seq: '61', reason: 'tool_name is not well-formed Unicode (a lone surrogate)' },
      { seq: '62', reason: 'id is not well-formed Unicode (a lone surrogate)' },
    ]);
    await createCheckpoint('staging');
    expect((await verifyOnline()).firstProblem).toBeNull();
  });
});

describe('warden verify of a live log', () => {
  it('checks the entries stored when it began, unmoved by a batch with a quarantined line committing mid-range', async () => {
    const token = await ingestToken('staging');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const notes = (await client.query<{ signed_note: string }>("SELECT signed_note FROM checkpoints WHERE environment = 'staging' ORDER BY size")).rows.map((row) => row.signed_note);
      const options = { checkpoints: notes, verifiers: [(await ledgerSigner()).verifierKey], origin: logOrigin('staging'), expectedSize: 60, workers: 0 };
      // The interleaving ingest makes likely under load: a batch of a malformed line and a record commits after a
      // range read its quarantined lines and before its COPY of executions.
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      let injected = false;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (statement: unknown, ...rest: unknown[]) => {
        const text = (statement as { text?: unknown } | null)?.text;
        if (!injected && typeof text === 'string' && text.startsWith('COPY')) {
          injected = true;
          void post(server.url, token, 'not json\n' + ndjson([sampleEvent(500)])).then(() => query(statement));
          return undefined;
        }
        return query(statement, ...rest);
      };
      const report = await verifyDatabaseLog(client, 'staging', options);
      expect(injected).toBe(true);
      expect(report).toMatchObject({ firstProblem: null, entries: 60, checkpointsChecked: 2 });
      expect((await sql<{ next_seq: string }>("SELECT next_seq FROM log_heads WHERE environment = 'staging'"))[0]!.next_seq).toBe('62');
    } finally {
      await client.end();
    }
  });
});

describe('warden export of a live log', () => {
  it('writes one consistent state while entries and checkpoints keep arriving', async () => {
    const token = await ingestToken('staging');
    const lines: string[] = [];
    let grew = false;
    // Ingest and a checkpoint land while the export is between its first entry and its checkpoints, as they do
    // on a production log (a checkpoint every 10 s) during a long export.
    const out = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        if (grew || !chunk.includes('"type":"entry"')) return callback();
        grew = true;
        post(server.url, token, ndjson(Array.from({ length: 10 }, (_, i) => sampleEvent(200 + i))))
          .then(() => createCheckpoint('staging')).then(() => callback(), callback);
      },
    });
    expect(await exportStaging(out)).toEqual({ entries: 60, checkpoints: 2 });
    expect(grew).toBe(true);
    expect((await sql<{ next_seq: string }>("SELECT next_seq FROM log_heads WHERE environment = 'staging'"))[0]!.next_seq).toBe('70');
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-export-'));
    try {
      const file = path.join(dir, 'staging.jsonl');
      writeFileSync(file, lines.join(''));
      const { header, checkpoints } = await readExportHead(file);
      expect(header.size).toBe(60);
      const report = await verifyExportFile(file, { checkpoints, verifiers: [(await ledgerSigner()).verifierKey], origin: header.origin, expectedSize: header.size, workers: 0 });
      expect(report).toMatchObject({ firstProblem: null, entries: 60, checkpointsChecked: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('warden verify and export where the server\'s signing key is not', () => {
  it('use the registered keys and register none of their own', async () => {
    const keys = await listLedgerKeys();
    const home = mkdtempSync(path.join(tmpdir(), 'warden-auditor-'));
    try {
      const { WARDEN_SIGNING_KEY: _key, ...auditorEnv } = process.env;
      const run = (args: string[]) => spawnSync(process.execPath, [path.resolve('bin', 'warden'), ...args], { encoding: 'utf8', env: { ...auditorEnv, WARDEN_HOME: home }, timeout: 90_000 });
      const online = run(['verify', '--env', 'staging']);
      expect(online.stdout).toMatch(/^60 entries, 2 checkpoints checked in .*\nOK: root /m);
      const exported = run(['export', '--env', 'staging', '--out', path.join(home, 'staging.jsonl')]);
      expect(exported.stdout).toContain(`Verify it with: warden verify --export FILE --pubkey '${keys[0]!.verifier_key}'`);
      expect(await listLedgerKeys()).toEqual(keys);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000); // two CLI processes, each starting tsx
});

describe('warden verify --pubkey after a key rotation', () => {
  it('checks every checkpoint with the keys given (repeated, or the keys endpoint\'s JSON in a file); one key is not enough', async () => {
    const before = (await ledgerSigner()).verifierKey;
    process.env.WARDEN_SIGNING_KEY = '44'.repeat(32);
    forgetLedgerSigner();
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-rotation-'));
    try {
      await post(server.url, await ingestToken('staging'), ndjson(Array.from({ length: 5 }, (_, i) => sampleEvent(300 + i))));
      await createCheckpoint('staging');
      const after = (await ledgerSigner()).verifierKey;
      expect(after).not.toBe(before);
      const file = path.join(dir, 'staging.jsonl');
      const out = exportFileStream(file);
      expect(await exportStaging(out)).toEqual({ entries: 65, checkpoints: 3 });
      out.end();
      await once(out, 'finish');
      const keysFile = path.join(dir, 'keys.json');
      writeFileSync(keysFile, JSON.stringify({ keys: await listLedgerKeys() }));
      const verify = (...keys: string[]) => spawnSync(process.execPath, [path.resolve('bin', 'warden'), 'verify', '--export', file, ...keys.flatMap((key) => ['--pubkey', key])], {
        encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }, timeout: 90_000,
      });
      const newKeyOnly = verify(after);
      expect(newKeyOnly.stdout).toContain('FAILED at seq -1: a checkpoint does not verify');
      expect(newKeyOnly.status).toBe(1);
      const bothKeys = verify(before, after);
      expect(bothKeys.stdout).toMatch(/^65 entries, 3 checkpoints checked in .*\nOK: root /m);
      expect(bothKeys.status).toBe(0);
      expect(verify(keysFile).stdout).toMatch(/^65 entries, 3 checkpoints checked in .*\nOK: root /m);
      const typo = verify(before, after.slice(0, -2));
      expect(typo.status).not.toBe(0);
      expect(typo.stderr).toMatch(/--pubkey: ".*" is not a verifier key/);
    } finally {
      process.env.WARDEN_SIGNING_KEY = '33'.repeat(32);
      forgetLedgerSigner();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // CLI processes, each starting tsx
});
