import { z } from 'zod';
import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';

export interface ConsoleActionView {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
  sourceIp: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

const text = z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined), z.string().max(320).optional());

/** The audit view's filters, as the URL carries them (`?actor=&action=&target=&before=`). */
export const auditFilterInput = z.object({
  /** Exact actor label (an email, `cli`, `system`, `token`), case-insensitive. */
  actor: text,
  /** An action (`token.revoked`) or a family ending in `.` or `.*` (`token.`). */
  action: text,
  /** Part of the target, case-insensitive (`user:ana@`, `token:wdn_prod`, `policy:research-bot`). */
  target: text,
  /** Keyset cursor: show actions with seq below this. */
  before: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).optional()),
});
export type AuditFilter = z.output<typeof auditFilterInput>;

/** The console log newest first, filtered by actor, action and target; keyset pages of AUDIT_PAGE_SIZE. */
export async function listConsoleActions(filter: AuditFilter, pageSize = AUDIT_PAGE_SIZE): Promise<{ items: ConsoleActionView[]; nextBefore: number | null }> {
  const where: Prisma.ConsoleActionWhereInput = { environment: 'console' };
  if (filter.actor) where.actor = { equals: filter.actor, mode: 'insensitive' };
  if (filter.action) {
    const family = /^(.*)\.\*?$/.exec(filter.action);
    where.action = family ? { startsWith: `${family[1]}.` } : filter.action;
  }
  if (filter.target) where.target = { contains: filter.target, mode: 'insensitive' };
  if (filter.before !== undefined) where.seq = { lt: BigInt(filter.before) };
  const rows = await db().consoleAction.findMany({ where, orderBy: { seq: 'desc' }, take: pageSize + 1 });
  const items = rows.slice(0, pageSize).map((row) => ({
    seq: Number(row.seq), at: row.at, actor: row.actor, action: row.action, target: row.target, details: row.details, sourceIp: row.sourceIp,
  }));
  return { items, nextBefore: rows.length > pageSize ? items.at(-1)!.seq : null };
}

/** Actors seen in the console log, for the filter's suggestions. */
export async function listConsoleActors(): Promise<string[]> {
  const rows = await db().consoleAction.findMany({ distinct: ['actor'], select: { actor: true }, orderBy: { actor: 'asc' }, take: 500 });
  return rows.map((row) => row.actor);
}
