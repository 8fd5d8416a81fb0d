import { createHash } from 'node:crypto';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import {
  createCaseInput, noteInput, parseInput, pinInput, refused, updateCaseInput, type CaseActor, type CaseResult, type CaseStatus,
} from './caseInputs';

// Every command: zod safeParse of the raw input (a form's fields), the change, then its entry in
// the console log. The entry is written after the change commits, as recordConsoleAction expects;
// if it fails the caller sees the error (a change is never silently unrecorded).
const target = (caseId: string) => `case:${caseId}`;
const actorOf = (actor: CaseActor) => ({ id: actor.id, label: actor.email });

async function findCase(caseId: string) {
  return db().investigationCase.findUnique({ where: { id: caseId } });
}

async function touch(caseId: string) {
  await db().investigationCase.update({ where: { id: caseId }, data: { updatedAt: new Date() } });
}

async function recordNote(caseId: string, noteId: string, body: string, actor: CaseActor) {
  // The ledger commits to the note's exact text by hash; the text itself stays in the case.
  await recordConsoleAction({
    actor: actorOf(actor), action: 'case.note_added', target: target(caseId),
    details: { note_id: noteId, characters: body.length, sha256: createHash('sha256').update(body, 'utf8').digest('hex') },
  });
}

/** Opens a case, optionally with a first note. */
export async function createCase(input: unknown, actor: CaseActor): Promise<CaseResult<{ id: string }>> {
  const parsed = parseInput(createCaseInput, input);
  if (!parsed.ok) return parsed;
  const { title, note } = parsed.value;
  const created = await db().investigationCase.create({ data: { title, createdBy: actor.email, createdById: actor.id } });
  await recordConsoleAction({ actor: actorOf(actor), action: 'case.created', target: target(created.id), details: { title } });
  if (note !== undefined) {
    const row = await db().caseNote.create({ data: { caseId: created.id, author: actor.email, authorId: actor.id, body: note } });
    await recordNote(created.id, row.id, note, actor);
  }
  return { ok: true, value: { id: created.id } };
}

/** Renames a case or changes its status; `changed` is false when nothing differed (nothing recorded). */
export async function updateCase(input: unknown, actor: CaseActor): Promise<CaseResult<{ changed: boolean }>> {
  const parsed = parseInput(updateCaseInput, input);
  if (!parsed.ok) return parsed;
  const { caseId, title, status } = parsed.value;
  const current = await findCase(caseId);
  if (!current) return refused('caseId', 'no such case');
  const changes: { title?: { from: string; to: string }; status?: { from: CaseStatus; to: CaseStatus } } = {};
  if (title !== undefined && title !== current.title) changes.title = { from: current.title, to: title };
  if (status !== undefined && status !== current.status) changes.status = { from: current.status, to: status };
  if (Object.keys(changes).length === 0) return { ok: true, value: { changed: false } };
  await db().investigationCase.update({ where: { id: caseId }, data: { title: changes.title?.to, status: changes.status?.to } });
  await recordConsoleAction({ actor: actorOf(actor), action: 'case.updated', target: target(caseId), details: { changes } });
  return { ok: true, value: { changed: true } };
}

/** Pins an execution (environment, seq) into an open case; pinning it again changes nothing. */
export async function pinExecution(input: unknown, actor: CaseActor): Promise<CaseResult<{ pinned: boolean }>> {
  const parsed = parseInput(pinInput, input);
  if (!parsed.ok) return parsed;
  const { caseId, environment, seq } = parsed.value;
  const current = await findCase(caseId);
  if (!current) return refused('caseId', 'no such case');
  if (current.status !== 'open') return refused('caseId', 'the case is closed: reopen it to pin more executions');
  const exists = await db().execution.count({ where: { environment, seq: BigInt(seq) } });
  if (exists === 0) return refused('seq', `no execution at seq ${seq} in ${environment}`);
  const { count } = await db().casePin.createMany({ data: [{ caseId, environment, seq: BigInt(seq), pinnedBy: actor.email }], skipDuplicates: true });
  if (count === 0) return { ok: true, value: { pinned: false } };
  await touch(caseId);
  await recordConsoleAction({ actor: actorOf(actor), action: 'case.execution_pinned', target: target(caseId), details: { execution: `${environment}/${seq}` } });
  return { ok: true, value: { pinned: true } };
}

/** Takes a pinned execution out of a case (the console log keeps that it was pinned). */
export async function unpinExecution(input: unknown, actor: CaseActor): Promise<CaseResult<{ unpinned: true }>> {
  const parsed = parseInput(pinInput, input);
  if (!parsed.ok) return parsed;
  const { caseId, environment, seq } = parsed.value;
  if (!(await findCase(caseId))) return refused('caseId', 'no such case');
  const { count } = await db().casePin.deleteMany({ where: { caseId, environment, seq: BigInt(seq) } });
  if (count === 0) return refused('seq', `${environment}/${seq} is not pinned in this case`);
  await touch(caseId);
  await recordConsoleAction({ actor: actorOf(actor), action: 'case.execution_unpinned', target: target(caseId), details: { execution: `${environment}/${seq}` } });
  return { ok: true, value: { unpinned: true } };
}

/** Adds a note (notes are append-only: a correction is another note). */
export async function addCaseNote(input: unknown, actor: CaseActor): Promise<CaseResult<{ id: string }>> {
  const parsed = parseInput(noteInput, input);
  if (!parsed.ok) return parsed;
  const { caseId, body } = parsed.value;
  if (!(await findCase(caseId))) return refused('caseId', 'no such case');
  const note = await db().caseNote.create({ data: { caseId, author: actor.email, authorId: actor.id, body } });
  await touch(caseId);
  await recordNote(caseId, note.id, body, actor);
  return { ok: true, value: { id: note.id } };
}
