import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { consoleActor } from './actors';
import { applyDeployment, DEPLOY_TRANSACTION, lockEnvironment } from './applyDeployment';
import { parseInput, refused, type RegistryActor, type RegistryResult } from './results';

export const stagingDeployInput = z.object({
  releaseId: z.string({ error: 'pick a release' }).regex(/^[0-9a-f-]{36}$/, 'is not a release id'),
  reason: z.string().trim().max(5000, 'at most 5,000 characters').optional().default(''),
});

/**
 * Puts a release live in staging (where suites run and the soak clock starts). Staging needs no
 * approval: a lead/admin in the console or CI with a staging `registry:write` token. Production is
 * reached only through an approved promotion.
 */
export async function deployToStaging(input: unknown, actor: RegistryActor): Promise<RegistryResult<{ deploymentId: number; changed: boolean }>> {
  const parsed = parseInput(stagingDeployInput, input);
  if (!parsed.ok) return parsed;
  const { releaseId } = parsed.value;
  const release = await db().release.findUnique({ where: { id: releaseId } });
  if (!release) return refused('releaseId', 'no such release', 404);
  const reason = parsed.value.reason || `deploy ${release.name} to staging`;
  const outcome = await db().$transaction(async (tx) => {
    const live = await lockEnvironment(tx, 'staging');
    const current = live ? await tx.deployment.findUnique({ where: { id: live } }) : null;
    if (current?.releaseId === releaseId && current.kind !== 'model_rollback') return { changed: false as const, id: live! };
    const applied = await applyDeployment(tx, {
      environment: 'staging', releaseId, kind: 'deploy', reason, actor: consoleActor(actor).label, actorId: actor.id,
      previousDeploymentId: live, modelConfigVersionId: release.modelConfigVersionId, movePromptLabels: true,
    });
    return { changed: true as const, id: applied.id, previous: current?.releaseId ?? null };
  }, DEPLOY_TRANSACTION);
  if (outcome.changed) {
    await recordConsoleAction({
      actor: consoleActor(actor), action: 'release.deployed', target: `release:${releaseId}`,
      details: { environment: 'staging', release_name: release.name, deployment: Number(outcome.id), previous_release: outcome.previous, reason },
    });
  }
  return { ok: true, value: { deploymentId: Number(outcome.id), changed: outcome.changed } };
}
