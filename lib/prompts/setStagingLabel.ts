import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { parsePromptInput, refusal, stagingLabelInput, auditActor, type PromptActor, type PromptResult } from './promptInputs';

/**
 * Points the staging label at a version (leads, and staging tokens with prompts:write). The
 * production label has no such command: it moves only with a release (applyReleasePromptLabels).
 */
export async function setStagingLabel(input: unknown, actor: PromptActor): Promise<PromptResult<{ moved: boolean; from: number | null; to: number }>> {
  const parsed = parsePromptInput(stagingLabelInput, input);
  if (!parsed.ok) return parsed;
  const { name, version } = parsed.value;
  const prompt = await db().prompt.findUnique({ where: { name } });
  if (!prompt) return refusal(404, 'name', `no prompt named ${name}`);
  const target = await db().promptVersion.findUnique({ where: { promptId_version: { promptId: prompt.id, version } } });
  if (!target) return refusal(404, 'version', `${name} has no v${version}`);
  const from = await db().$transaction(async (tx) => {
    const current = await tx.promptLabel.findUnique({ where: { promptId_environment: { promptId: prompt.id, environment: 'staging' } } });
    if (current?.promptVersionId === target.id) return { unchanged: true as const };
    await tx.$queryRaw`SELECT set_config('warden.prompt_label_via', 'console', true), set_config('warden.prompt_label_actor', ${actor.label}, true)`;
    await tx.promptLabel.upsert({
      where: { promptId_environment: { promptId: prompt.id, environment: 'staging' } },
      create: { promptId: prompt.id, environment: 'staging', promptVersionId: target.id, updatedBy: actor.label },
      update: { promptVersionId: target.id, updatedBy: actor.label, updatedAt: new Date() },
    });
    const before = current ? await tx.promptVersion.findUnique({ where: { id: current.promptVersionId }, select: { version: true } }) : null;
    return { unchanged: false as const, version: before?.version ?? null };
  });
  if (from.unchanged) return { ok: true, value: { moved: false, from: version, to: version } };
  await recordConsoleAction({
    ...auditActor(actor), action: 'prompt.label_moved', target: `prompt:${name}`, details: { environment: 'staging', from: from.version, to: version },
  });
  return { ok: true, value: { moved: true, from: from.version, to: version } };
}
