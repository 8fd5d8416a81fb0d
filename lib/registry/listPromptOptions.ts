import { db } from '../db/client';
import { listPrompts } from '../prompts';

/** Every prompt with its version numbers, newest first: what a new release can bundle. */
export async function listPromptOptions(): Promise<Array<{ name: string; versions: Array<{ id: string; version: number }> }>> {
  const prompts = await listPrompts();
  const versions = await db().promptVersion.findMany({ where: { promptId: { in: prompts.map((prompt) => prompt.id) } }, orderBy: { version: 'desc' }, select: { id: true, promptId: true, version: true } });
  return prompts.map((prompt) => ({ name: prompt.name, versions: versions.filter((version) => version.promptId === prompt.id).map((version) => ({ id: version.id, version: version.version })) }));
}
