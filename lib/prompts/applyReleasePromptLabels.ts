import type { Prisma } from '../db/generated/client';
import type { Environment } from '../environment';

export type PromptTransaction = Prisma.TransactionClient;

export interface PromptLabelMove {
  promptId: string;
  promptName: string;
  environment: Environment;
  fromVersionId: string | null;
  fromVersion: number | null;
  toVersionId: string;
  toVersion: number;
}

export class PromptLabelError extends Error {}

/**
 * Points `environment`'s label of each prompt at the given versions, inside the caller's transaction
 * (the registry's deploy). The only path that can move a production label: it marks its own
 * transaction with `warden.prompt_label_via = release`, which the prompt_labels trigger demands for
 * production, and clears the mark again before returning. Prompts not in the list keep their label.
 * Records nothing in the console log itself: the deploy that calls it does (its transaction may still
 * roll back); every move is in prompt_label_moves, written by the trigger in the same transaction.
 */
export async function applyReleasePromptLabels(
  tx: PromptTransaction, environment: Environment, promptVersionIds: string[], options: { actor?: string } = {},
): Promise<PromptLabelMove[]> {
  if (environment !== 'staging' && environment !== 'production') throw new PromptLabelError(`no prompt labels for ${String(environment)}`);
  const ids = [...new Set(promptVersionIds)];
  if (ids.length === 0) return [];
  const versions = await tx.promptVersion.findMany({ where: { id: { in: ids } }, select: { id: true, promptId: true, version: true } });
  const missing = ids.filter((id) => !versions.some((version) => version.id === id));
  if (missing.length > 0) throw new PromptLabelError(`unknown prompt version ids: ${missing.join(', ')}`);
  const perPrompt = new Map<string, string>();
  for (const version of versions) {
    const other = perPrompt.get(version.promptId);
    if (other) throw new PromptLabelError(`versions ${other} and ${version.id} are of the same prompt: a release carries one version per prompt`);
    perPrompt.set(version.promptId, version.id);
  }
  const prompts = await tx.prompt.findMany({ where: { id: { in: [...perPrompt.keys()] } }, select: { id: true, name: true } });
  const current = await tx.promptLabel.findMany({ where: { environment, promptId: { in: [...perPrompt.keys()] } } });
  const currentVersions = await tx.promptVersion.findMany({
    where: { id: { in: current.map((label) => label.promptVersionId) } }, select: { id: true, version: true },
  });
  const actor = options.actor ?? 'release';
  await tx.$queryRaw`SELECT set_config('warden.prompt_label_via', 'release', true), set_config('warden.prompt_label_actor', ${actor}, true)`;
  const moves: PromptLabelMove[] = [];
  try {
    for (const version of versions) {
      const before = current.find((label) => label.promptId === version.promptId);
      if (before?.promptVersionId === version.id) continue;
      await tx.promptLabel.upsert({
        where: { promptId_environment: { promptId: version.promptId, environment } },
        create: { promptId: version.promptId, environment, promptVersionId: version.id, updatedBy: actor },
        update: { promptVersionId: version.id, updatedBy: actor, updatedAt: new Date() },
      });
      moves.push({
        promptId: version.promptId, promptName: prompts.find((prompt) => prompt.id === version.promptId)?.name ?? version.promptId, environment,
        fromVersionId: before?.promptVersionId ?? null,
        fromVersion: currentVersions.find((row) => row.id === before?.promptVersionId)?.version ?? null,
        toVersionId: version.id, toVersion: version.version,
      });
    }
  } finally {
    // Later statements of the caller's transaction must not inherit the right to move production labels.
    await tx.$queryRaw`SELECT set_config('warden.prompt_label_via', '', true), set_config('warden.prompt_label_actor', '', true)`;
  }
  return moves;
}
