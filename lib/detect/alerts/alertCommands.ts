import { createHash } from 'node:crypto';
import { recordConsoleAction } from '../../audit';
import { db } from '../../db/client';
import { alertNoteInput, assignInput, parseAlertInput, refusedAlert, statusInput, type AlertActor, type AlertResult } from './alertInputs';

// Each command: zod safeParse of the form's fields, the change, then its console-log entry (after
// the change commits, as recordConsoleAction expects; a failure there reaches the caller).
const target = (alertId: string) => `alert:${alertId}`;
const actorOf = (actor: AlertActor) => ({ id: actor.id, label: actor.email });

/** Moves an alert between open, acknowledged, resolved and false positive; `changed` false when it already was. */
export async function setAlertStatus(input: unknown, actor: AlertActor): Promise<AlertResult<{ changed: boolean }>> {
  const parsed = parseAlertInput(statusInput, input);
  if (!parsed.ok) return parsed;
  const { alertId, status } = parsed.value;
  const current = await db().alert.findUnique({ where: { id: alertId }, select: { status: true, environment: true, detector: true } });
  if (!current) return refusedAlert('alertId', 'no such alert');
  if (current.status === status) return { ok: true, value: { changed: false } };
  if (['open', 'acknowledged'].includes(status)) {
    // Reopening must not create a second active alert for the same key (raiseAlert appends to one).
    const row = await db().alert.findUnique({ where: { id: alertId }, select: { dedupeKey: true } });
    const twin = await db().alert.count({ where: { id: { not: alertId }, environment: current.environment, dedupeKey: row!.dedupeKey, status: { in: ['open', 'acknowledged'] } } });
    if (twin > 0) return refusedAlert('status', 'a newer alert for the same finding is open; work on that one');
  }
  await db().alert.update({ where: { id: alertId }, data: { status, updatedAt: new Date() } });
  await recordConsoleAction({
    actor: actorOf(actor), action: 'alert.status_changed', target: target(alertId),
    details: { from: current.status, to: status, environment: current.environment, detector: current.detector },
  });
  return { ok: true, value: { changed: true } };
}

/** Assigns an alert to an active console user, or un-assigns it (empty assignee). */
export async function assignAlert(input: unknown, actor: AlertActor): Promise<AlertResult<{ changed: boolean }>> {
  const parsed = parseAlertInput(assignInput, input);
  if (!parsed.ok) return parsed;
  const { alertId, assignee } = parsed.value;
  const current = await db().alert.findUnique({ where: { id: alertId }, select: { assignee: true } });
  if (!current) return refusedAlert('alertId', 'no such alert');
  if (assignee && !(await db().user.count({ where: { email: assignee, active: true } }))) return refusedAlert('assignee', 'no active console user has this address');
  const next = assignee || null;
  if (current.assignee === next) return { ok: true, value: { changed: false } };
  await db().alert.update({ where: { id: alertId }, data: { assignee: next, updatedAt: new Date() } });
  await recordConsoleAction({ actor: actorOf(actor), action: 'alert.assigned', target: target(alertId), details: { from: current.assignee, to: next } });
  return { ok: true, value: { changed: true } };
}

/** Adds a note; the console log commits to its text by SHA-256 (the text stays with the alert). */
export async function addAlertNote(input: unknown, actor: AlertActor): Promise<AlertResult<{ id: string }>> {
  const parsed = parseAlertInput(alertNoteInput, input);
  if (!parsed.ok) return parsed;
  const { alertId, body } = parsed.value;
  if (!(await db().alert.count({ where: { id: alertId } }))) return refusedAlert('alertId', 'no such alert');
  const note = await db().alertNote.create({ data: { alertId, author: actor.email, authorId: actor.id, body } });
  await db().alert.update({ where: { id: alertId }, data: { updatedAt: new Date() } });
  await recordConsoleAction({
    actor: actorOf(actor), action: 'alert.note_added', target: target(alertId),
    details: { note_id: note.id, characters: body.length, sha256: createHash('sha256').update(body, 'utf8').digest('hex') },
  });
  return { ok: true, value: { id: note.id } };
}
