import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCaseNote, createCase, getCase, listCases, pinExecution, unpinExecution, updateCase, casesForExecution } from '../../lib/cases';
import { handleIngest } from '../../lib/ingest';
import { createCheckpoint } from '../../lib/ledger';
import { executionInclusion } from '../../lib/search/executionInclusion';
import { MASK } from '../../lib/search/maskSecrets';
import { revealExecutionSecrets } from '../../lib/search/revealExecutionSecrets';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

type ActionRow = { seq: string; actor: string; actor_id: string | null; action: string; target: string | null; details: Record<string, unknown> | null };
const actions = (from = 0) => sql<ActionRow>('SELECT seq, actor, actor_id, action, target, details FROM console_actions WHERE seq >= $1 ORDER BY seq', [from]);
const nextActionSeq = async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM console_actions'))[0]!.n);

const ANA = { id: '6f1c1f9e-3c55-4a7c-9d59-0d6b2a9f5e11', email: 'ana@example.com' };
const LEE = { id: '0b7e6a52-8f43-4f0e-9a2c-5b1d9c3e7f20', email: 'lee@example.com' };
let server: Awaited<ReturnType<typeof serveHandler>>;

beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  const token = await ingestToken('staging');
  const events = [
    sampleEvent(1), sampleEvent(2),
    sampleEvent(3, { id: 'leak-1', output: { text: 'config loaded: api_key=sk_live_4fK9xQ2mZ7pL region=eu' }, prompt: 'use postgres://app:hunter2@db/prod' }),
  ];
  expect((await post(server.url, token, ndjson(events))).body.accepted).toBe(3);
});
afterAll(() => server.close());

describe('cases', () => {
  let caseId: string;

  it('refuses bad input with errors per field, and records nothing', async () => {
    const before = await nextActionSeq();
    expect(await createCase({ title: '   ' }, ANA)).toMatchObject({ ok: false, fields: { title: ['give the case a title'] } });
    expect(await createCase({}, ANA)).toMatchObject({ ok: false, fields: { title: expect.any(Array) } });
    expect(await pinExecution({ caseId: 'not-a-uuid', environment: 'qa', seq: '-1' }, ANA)).toMatchObject({
      ok: false, fields: { caseId: ['is not a case id'], environment: ['must be staging or production'], seq: ['must not be negative'] },
    });
    expect(await addCaseNote({ caseId: ANA.id, body: '' }, ANA)).toMatchObject({ ok: false, fields: { body: ['write the note first'] } });
    expect(await updateCase({ caseId: ANA.id }, ANA)).toMatchObject({ ok: false, fields: { status: ['change the title or the status'] } });
    expect(await nextActionSeq()).toBe(before);
  });

  it('creates, pins, notes and closes a case, each change appended to the console log', async () => {
    const from = await nextActionSeq();
    const created = await createCase({ title: 'Key leak via config tool', note: 'Started from the sk_live alert.' }, ANA);
    expect(created.ok).toBe(true);
    caseId = (created as { value: { id: string } }).value.id;

    expect(await pinExecution({ caseId, environment: 'staging', seq: '2' }, ANA)).toEqual({ ok: true, value: { pinned: true } });
    expect(await pinExecution({ caseId, environment: 'staging', seq: 0 }, LEE)).toEqual({ ok: true, value: { pinned: true } });
    expect(await pinExecution({ caseId, environment: 'staging', seq: 2 }, LEE)).toEqual({ ok: true, value: { pinned: false } });
    expect(await pinExecution({ caseId, environment: 'staging', seq: 99 }, ANA)).toMatchObject({ ok: false, fields: { seq: ['no execution at seq 99 in staging'] } });
    expect(await pinExecution({ caseId, environment: 'production', seq: 0 }, ANA)).toMatchObject({ ok: false, fields: { seq: expect.any(Array) } });
    expect(await addCaseNote({ caseId, body: 'Key rotated by the payments team.' }, LEE)).toMatchObject({ ok: true });
    expect(await unpinExecution({ caseId, environment: 'staging', seq: 0 }, LEE)).toEqual({ ok: true, value: { unpinned: true } });
    expect(await unpinExecution({ caseId, environment: 'staging', seq: 0 }, LEE)).toMatchObject({ ok: false, fields: { seq: ['staging/0 is not pinned in this case'] } });
    expect(await updateCase({ caseId, status: 'closed' }, ANA)).toEqual({ ok: true, value: { changed: true } });
    expect(await updateCase({ caseId, status: 'closed' }, ANA)).toEqual({ ok: true, value: { changed: false } });
    expect(await pinExecution({ caseId, environment: 'staging', seq: 1 }, ANA)).toMatchObject({ ok: false, fields: { caseId: [expect.stringContaining('closed')] } });

    const rows = await actions(from);
    expect(rows.map((row) => [row.actor, row.action, row.target])).toEqual([
      ['ana@example.com', 'case.created', `case:${caseId}`],
      ['ana@example.com', 'case.note_added', `case:${caseId}`],
      ['ana@example.com', 'case.execution_pinned', `case:${caseId}`],
      ['lee@example.com', 'case.execution_pinned', `case:${caseId}`],
      ['lee@example.com', 'case.note_added', `case:${caseId}`],
      ['lee@example.com', 'case.execution_unpinned', `case:${caseId}`],
      ['ana@example.com', 'case.updated', `case:${caseId}`],
    ]);
    expect(rows[0]!.details).toEqual({ title: 'Key leak via config tool' });
    expect(rows[0]!.actor_id).toBe(ANA.id);
    expect(rows[2]!.details).toEqual({ execution: 'staging/2' });
    expect(rows[5]!.details).toEqual({ execution: 'staging/0' });
    expect(rows[6]!.details).toEqual({ changes: { status: { from: 'open', to: 'closed' } } });
    // The note's text stays in the case; the ledger commits to it by hash.
    const note = 'Key rotated by the payments team.';
    expect(rows[4]!.details).toMatchObject({ characters: note.length, sha256: createHash('sha256').update(note).digest('hex') });
    expect(JSON.stringify(rows)).not.toContain(note);
  });

  it('reads a case back with its pins (as execution summaries), notes and history; lists cases with counts', async () => {
    const detail = (await getCase(caseId))!;
    expect(detail).toMatchObject({ title: 'Key leak via config tool', status: 'closed', createdBy: 'ana@example.com' });
    expect(detail.pins).toEqual([expect.objectContaining({ environment: 'staging', seq: 2, pinnedBy: 'ana@example.com', execution: expect.objectContaining({ id: 'leak-1', seq: 2 }) })]);
    expect(detail.notes.map((note) => [note.author, note.body])).toEqual([
      ['ana@example.com', 'Started from the sk_live alert.'], ['lee@example.com', 'Key rotated by the payments team.'],
    ]);
    expect(detail.history.map((entry) => entry.action)).toEqual([
      'case.created', 'case.note_added', 'case.execution_pinned', 'case.execution_pinned', 'case.note_added', 'case.execution_unpinned', 'case.updated',
    ]);
    expect(await casesForExecution('staging', 2)).toEqual([{ id: caseId, title: 'Key leak via config tool', status: 'closed' }]);
    expect(await casesForExecution('staging', 0)).toEqual([]);
    expect(await getCase('not-a-uuid')).toBeNull();
    expect(await getCase(ANA.id)).toBeNull();

    await createCase({ title: 'Second case' }, LEE);
    expect((await listCases()).map((item) => [item.title, item.status, item.pinned, item.notes])).toEqual([
      ['Second case', 'open', 0, 0], ['Key leak via config tool', 'closed', 1, 2],
    ]);
    expect((await listCases({ status: 'closed' })).map((item) => item.title)).toEqual(['Key leak via config tool']);
  });

  it('keeps notes append-only in the database', async () => {
    await expect(sql("UPDATE case_notes SET body = 'rewritten'")).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM case_notes')).rejects.toThrow(/append-only/);
  });
});

describe('revealing an execution\'s secrets', () => {
  it('returns the unmasked fields that had secrets and records who revealed which', async () => {
    const from = await nextActionSeq();
    const revealed = (await revealExecutionSecrets('staging', 2, LEE, '198.51.100.9'))!;
    expect(revealed.fields).toEqual(['prompt', 'output']);
    expect(revealed.content).toEqual({ prompt: 'use postgres://app:hunter2@db/prod', output: { text: 'config loaded: api_key=sk_live_4fK9xQ2mZ7pL region=eu' } });
    const [row] = await actions(from);
    expect(row).toMatchObject({
      actor: 'lee@example.com', actor_id: LEE.id, action: 'execution.secret_revealed', target: 'execution:staging/2',
      details: { fields: ['prompt', 'output'], kinds: expect.arrayContaining(['Stripe key', 'password in URL']) },
    });
    expect(JSON.stringify(row)).not.toContain('sk_live_4fK9');
    expect(JSON.stringify(row)).not.toContain(MASK);
    expect(await revealExecutionSecrets('staging', 999, LEE)).toBeNull();
  });
});

describe('an execution\'s place in the ledger', () => {
  it('is pending before a checkpoint, then proven included in the signed checkpoint', async () => {
    expect(await executionInclusion('staging', 1)).toEqual({ status: 'pending', checkpointSize: null });
    const checkpoint = (await createCheckpoint('staging'))!;
    expect(await executionInclusion('staging', 1)).toMatchObject({ status: 'included', checkpointSize: 3, proofLength: 2, rootHash: checkpoint.rootHash.toString('base64') });
  });

  it('fails, naming why, when the stored record was changed', async () => {
    await sql(`SET session_replication_role = replica; UPDATE executions SET prompt = 'rewritten' WHERE environment = 'staging' AND seq = 0`);
    expect(await executionInclusion('staging', 0)).toEqual({
      status: 'failed', checkpointSize: 3, reason: 'the stored record no longer hashes to its leaf hash (content changed)',
    });
  });
});
