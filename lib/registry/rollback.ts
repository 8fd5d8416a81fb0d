import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { ENVIRONMENTS } from '../environment';
import { announce } from './announce';
import { applyDeployment, DEPLOY_TRANSACTION, lockEnvironment } from './applyDeployment';
import { recordSuperseded } from './expirePromotions';
import { checkSessionActor, type SessionActor } from './promotionActor';
import { parseInput, refused, type RegistryResult } from './results';

const reason = z.string({ error: 'say why you roll back' }).trim().min(3, 'say why you roll back').max(5000, 'at most 5,000 characters');

export const rollbackInput = z.object({
  environment: z.enum(ENVIRONMENTS, { error: 'must be staging or production' }),
  /** The release to go back to; empty: the release before the live one. */
  releaseId: z.preprocess((value) => (value === '' ? undefined : value), z.string().regex(/^[0-9a-f-]{36}$/, 'is not a release id').optional()),
  /** The live deployment the person saw, so a rollback never undoes a change they did not see. */
  expectedDeploymentId: z.coerce.number().int().min(1).optional(),
  reason,
});

class Refusal extends Error {
  constructor(readonly result: RegistryResult<never>) {
    super('refused');
  }
}

/** The releases an environment ran before, newest first, without the live one (rollback targets). */
export async function rollbackTargets(environment: 'staging' | 'production') {
  const head = await db().environmentRelease.findUnique({ where: { environment } });
  if (!head?.deploymentId) return [];
  const live = await db().deployment.findUniqueOrThrow({ where: { id: head.deploymentId } });
  const history = await db().deployment.findMany({ where: { environment, releaseId: { not: live.releaseId } }, orderBy: { id: 'desc' }, take: 200 });
  const seen = new Set<string>();
  const targets = history.filter((row) => !seen.has(row.releaseId) && seen.add(row.releaseId));
  const names = new Map((await db().release.findMany({ where: { id: { in: targets.map((row) => row.releaseId) } } })).map((release) => [release.id, release.name]));
  return targets.map((row) => ({ releaseId: row.releaseId, releaseName: names.get(row.releaseId) ?? row.releaseId, lastLiveAt: row.createdAt, deploymentId: Number(row.id) }));
}

/**
 * The emergency path: a lead or admin puts an environment back on the previous release (or an earlier
 * one it ran), with a reason, no second approver. Recorded, and announced through the registry webhook.
 */
export async function rollbackRelease(input: unknown, actor: SessionActor): Promise<RegistryResult<{ deploymentId: number; releaseId: string }>> {
  const denied = checkSessionActor(actor);
  if (denied) return denied;
  const parsed = parseInput(rollbackInput, input);
  if (!parsed.ok) return parsed;
  const { environment, expectedDeploymentId } = parsed.value;
  const targets = await rollbackTargets(environment);
  const target = parsed.value.releaseId ? targets.find((candidate) => candidate.releaseId === parsed.value.releaseId) : targets[0];
  if (!target) return refused('releaseId', parsed.value.releaseId ? `${environment} never ran that release (or runs it now)` : `${environment} has no earlier release to roll back to`, 409);
  const release = await db().release.findUniqueOrThrow({ where: { id: target.releaseId } });
  let outcome;
  try {
    outcome = await db().$transaction(async (tx) => {
      const live = await lockEnvironment(tx, environment);
      if (expectedDeploymentId !== undefined && live !== BigInt(expectedDeploymentId)) {
        throw new Refusal(refused('expectedDeploymentId', `${environment} changed while you looked (deployment ${live} is live now): check it and roll back again`, 409));
      }
      const current = live ? await tx.deployment.findUnique({ where: { id: live } }) : null;
      if (current?.releaseId === release.id) throw new Refusal(refused('releaseId', `${environment} already runs ${release.name}`, 409));
      const applied = await applyDeployment(tx, {
        environment, releaseId: release.id, kind: 'rollback', reason: parsed.value.reason, actor: actor.email, actorId: actor.id,
        previousDeploymentId: live, modelConfigVersionId: release.modelConfigVersionId, movePromptLabels: true,
      });
      return { applied, previous: current };
    }, DEPLOY_TRANSACTION);
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
  const previousRelease = outcome.previous ? await db().release.findUnique({ where: { id: outcome.previous.releaseId } }) : null;
  const actorRef = { id: actor.id, label: actor.email };
  await recordConsoleAction({
    actor: actorRef, action: 'release.rolled_back', target: `release:${release.id}`,
    details: {
      environment, release_name: release.name, from_release: outcome.previous?.releaseId ?? null, from_release_name: previousRelease?.name ?? null,
      deployment: Number(outcome.applied.id), reason: parsed.value.reason,
      prompt_labels_moved: outcome.applied.promptMoves.map((move) => `${move.promptName}: ${move.fromVersion ?? '—'} → ${move.toVersion}`),
    },
  });
  await recordSuperseded(outcome.applied.superseded, outcome.applied.id, actorRef);
  void announce({ environment, what: 'rolled back', actor: actor.email, reason: parsed.value.reason, from: previousRelease?.name ?? null, to: release.name, link: `/registry/environments/${environment}` });
  return { ok: true, value: { deploymentId: Number(outcome.applied.id), releaseId: release.id } };
}
