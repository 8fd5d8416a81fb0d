import { db } from '../db/client';
import type { PromptVersionView } from './promptViews';
import { toVersionView } from './promptViews';

/** Versions by id (in the order asked, unknown ids left out), each with its prompt's name. */
export async function getPromptVersionsByIds(ids: string[]): Promise<PromptVersionView[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db().promptVersion.findMany({ where: { id: { in: unique } } });
  const prompts = await db().prompt.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.promptId))] } }, select: { id: true, name: true } });
  const names = new Map(prompts.map((prompt) => [prompt.id, prompt.name]));
  const byId = new Map(rows.map((row) => [row.id, toVersionView(row, names.get(row.promptId) ?? '')]));
  return unique.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}
