import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { ENVIRONMENTS, type Environment } from '../environment';
import { announce } from './announce';
import { applyDeployment, DEPLOY_TRANSACTION, lockEnvironment } from './applyDeployment';
import { recordSuperseded } from './expirePromotions';
import { getModelConfigVersions } from './modelConfigViews';
import { checkSessionActor, type SessionActor } from './promotionActor';
import { parseInput, refused, type RegistryResult } from './results';
import type { ModelFallback } from './views';

export interface ModelRollbackOption {
  /** `version:<model config version id>` or `fallback:<n>` or `primary` */
  target: string;
  label: string;
  modelConfigVersionId: string;
  fallbackIndex: number | null;
}

/** Where the model of `environment` can go: the config's previous version, each fallback, back to the primary. */
export async function modelRollbackOptions(environment: Environment): Promise<{ deploymentId: number; current: string; options: ModelRollbackOption[] } | null> {
  const head = await db().environmentRelease.findUnique({ where: { environment } });
  if (!head?.deploymentId) return null;
  const live = await db().deployment.findUniqueOrThrow({ where: { id: head.deploymentId } });
  if (!live.modelConfigVersionId) return null;
  const config = (await getModelConfigVersions([live.modelConfigVersionId])).get(live.modelConfigVersionId)!;
  const options: ModelRollbackOption[] = [];
  const previous = await db().modelConfigVersion.findFirst({ where: { modelConfigId: config.modelConfigId, version: { lt: config.version } }, orderBy: { version: 'desc' } });
  if (previous) options.push({ target: `version:${previous.id}`, label: `${config.name} v${previous.version} (previous version): ${previous.provider}/${previous.modelId}`, modelConfigVersionId: previous.id, fallbackIndex: null });
  config.fallbacks.forEach((fallback: ModelFallback, index) => {
    if (live.modelFallbackIndex !== index) options.push({ target: `fallback:${index}`, label: `fallback ${index + 1} of ${config.name} v${config.version}: ${fallback.provider}/${fallback.modelId}`, modelConfigVersionId: config.id, fallbackIndex: index });
  });
  if (live.modelFallbackIndex !== null) options.push({ target: 'primary', label: `${config.name} v${config.version} primary: ${config.provider}/${config.modelId}`, modelConfigVersionId: config.id, fallbackIndex: null });
  const fallback = live.modelFallbackIndex === null ? null : config.fallbacks[live.modelFallbackIndex];
  const current = fallback ? `${fallback.provider}/${fallback.modelId} (fallback ${live.modelFallbackIndex! + 1} of ${config.name} v${config.version})` : `${config.provider}/${config.modelId} (${config.name} v${config.version})`;
  return { deploymentId: Number(live.id), current, options };
}

export const modelRollbackInput = z.object({
  environment: z.enum(ENVIRONMENTS, { error: 'must be staging or production' }),
  target: z.string({ error: 'pick where the model goes' }).regex(/^(primary|fallback:\d+|version:[0-9a-f-]{36})$/, 'pick where the model goes'),
  expectedDeploymentId: z.coerce.number().int().min(1).optional(),
  reason: z.string({ error: 'say why you switch the model' }).trim().min(3, 'say why you switch the model').max(5000, 'at most 5,000 characters'),
});

class Refusal extends Error {
  constructor(readonly result: RegistryResult<never>) {
    super('refused');
  }
}

/**
 * Emergency model switch: the environment keeps its release but calls the model config's previous
 * version, or one of its fallbacks. A lead or admin, no second approver; recorded and announced.
 */
export async function rollbackModel(input: unknown, actor: SessionActor): Promise<RegistryResult<{ deploymentId: number; model: string }>> {
  const denied = checkSessionActor(actor);
  if (denied) return denied;
  const parsed = parseInput(modelRollbackInput, input);
  if (!parsed.ok) return parsed;
  const { environment, target, expectedDeploymentId, reason } = parsed.value;
  const choices = await modelRollbackOptions(environment);
  const choice = choices?.options.find((option) => option.target === target);
  if (!choices || !choice) return refused('target', `that is not a model ${environment} can switch to now`, 409);
  let outcome;
  try {
    outcome = await db().$transaction(async (tx) => {
      const live = await lockEnvironment(tx, environment);
      if (live !== BigInt(choices.deploymentId) || (expectedDeploymentId !== undefined && live !== BigInt(expectedDeploymentId))) {
        throw new Refusal(refused('expectedDeploymentId', `${environment} changed while you looked: check it and switch again`, 409));
      }
      const current = await tx.deployment.findUniqueOrThrow({ where: { id: live! } });
      const applied = await applyDeployment(tx, {
        environment, releaseId: current.releaseId, kind: 'model_rollback', reason, actor: actor.email, actorId: actor.id, previousDeploymentId: live,
        modelConfigVersionId: choice.modelConfigVersionId, modelFallbackIndex: choice.fallbackIndex, movePromptLabels: false,
      });
      return { applied, releaseId: current.releaseId };
    }, DEPLOY_TRANSACTION);
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
  const actorRef = { id: actor.id, label: actor.email };
  await recordConsoleAction({
    actor: actorRef, action: 'model.rolled_back', target: `environment:${environment}`,
    details: { environment, release: outcome.releaseId, from: choices.current, to: choice.label, model_config_version: choice.modelConfigVersionId, fallback_index: choice.fallbackIndex, deployment: Number(outcome.applied.id), reason },
  });
  await recordSuperseded(outcome.applied.superseded, outcome.applied.id, actorRef);
  void announce({ environment, what: 'switched the model', actor: actor.email, reason, from: choices.current, to: choice.label, link: `/registry/environments/${environment}` });
  return { ok: true, value: { deploymentId: Number(outcome.applied.id), model: choice.label } };
}
