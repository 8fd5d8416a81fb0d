import { db } from '../db/client';
import { isEnvironment } from '../environment';
import type { PromptLabels, PromptSummary } from './promptViews';

/** Every prompt with its latest version number and the version each environment's label points at. */
export async function listPrompts(): Promise<PromptSummary[]> {
  const prompts = await db().prompt.findMany({ orderBy: { name: 'asc' } });
  if (prompts.length === 0) return [];
  const latest = await db().promptVersion.groupBy({ by: ['promptId'], _max: { version: true, createdAt: true } });
  const labels = await db().promptLabel.findMany();
  const labelled = await db().promptVersion.findMany({
    where: { id: { in: labels.map((label) => label.promptVersionId) } }, select: { id: true, version: true },
  });
  const numberOf = new Map(labelled.map((row) => [row.id, row.version]));
  return prompts.map((prompt) => {
    const max = latest.find((row) => row.promptId === prompt.id)?._max;
    const promptLabels: PromptLabels = {};
    for (const label of labels) {
      if (label.promptId === prompt.id && isEnvironment(label.environment)) promptLabels[label.environment] = numberOf.get(label.promptVersionId);
    }
    return {
      id: prompt.id, name: prompt.name, description: prompt.description, owner: prompt.owner, createdAt: prompt.createdAt,
      latestVersion: max?.version ?? null, latestAt: max?.createdAt ?? null, labels: promptLabels,
    };
  });
}
