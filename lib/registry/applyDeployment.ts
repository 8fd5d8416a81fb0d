import type { Prisma } from '../db/generated/client';
import type { Environment } from '../environment';
import { applyReleasePromptLabels, type PromptLabelMove } from '../prompts';

export type Tx = Prisma.TransactionClient;

/** Interactive transactions that wait for an environment's lock need more than Prisma's 5 s default. */
export const DEPLOY_TRANSACTION = { maxWait: 15_000, timeout: 30_000 } as const;

/**
 * Takes the environment's row lock: every change of what an environment runs (deploy, promotion,
 * rollback, model rollback) holds it until commit, so they happen one after another and each sees
 * the state the previous one left. Returns the live deployment id (null before the first deploy).
 */
export async function lockEnvironment(tx: Tx, environment: Environment): Promise<bigint | null> {
  const rows = await tx.$queryRaw<Array<{ deployment_id: bigint | null }>>`
    SELECT deployment_id FROM environment_releases WHERE environment = ${environment}::"Environment" FOR UPDATE`;
  if (rows.length === 0) throw new Error(`no environment_releases row for ${environment} (migrations not applied?)`);
  return rows[0]!.deployment_id;
}

export interface NewDeployment {
  environment: Environment;
  releaseId: string;
  kind: 'deploy' | 'promotion' | 'rollback' | 'model_rollback';
  reason: string;
  actor: string;
  actorId: string | null;
  previousDeploymentId: bigint | null;
  promotionRequestId?: string | null;
  modelConfigVersionId: string | null;
  modelFallbackIndex?: number | null;
  /** Move the environment's prompt labels to the release's prompt versions (not for a model-only change). */
  movePromptLabels: boolean;
}

export interface AppliedDeployment {
  id: bigint;
  promptMoves: PromptLabelMove[];
  superseded: Array<{ id: string; releaseId: string }>;
}

/**
 * Inside a transaction holding lockEnvironment: writes the deployment, moves the environment's pointer
 * and prompt labels (contract C3: applyReleasePromptLabels is the only path that moves production's),
 * and marks every other open promotion request of that environment superseded — they were reviewed
 * against what the environment ran before.
 */
export async function applyDeployment(tx: Tx, next: NewDeployment): Promise<AppliedDeployment> {
  const deployment = await tx.deployment.create({
    data: {
      environment: next.environment, releaseId: next.releaseId, kind: next.kind, reason: next.reason, actor: next.actor, actorId: next.actorId,
      previousDeploymentId: next.previousDeploymentId, promotionRequestId: next.promotionRequestId ?? null,
      modelConfigVersionId: next.modelConfigVersionId, modelFallbackIndex: next.modelFallbackIndex ?? null,
    },
  });
  await tx.environmentRelease.update({ where: { environment: next.environment }, data: { deploymentId: deployment.id, updatedAt: new Date() } });
  let promptMoves: PromptLabelMove[] = [];
  if (next.movePromptLabels) {
    const prompts = await tx.releasePromptVersion.findMany({ where: { releaseId: next.releaseId }, select: { promptVersionId: true } });
    promptMoves = await applyReleasePromptLabels(tx, next.environment, prompts.map((prompt) => prompt.promptVersionId), { actor: next.actor });
  }
  const superseded = await tx.$queryRaw<Array<{ id: string; release_id: string }>>`
    UPDATE promotion_requests SET status = 'superseded', decided_at = now(), updated_at = now()
    WHERE environment = ${next.environment}::"Environment" AND status IN ('requested', 'approved')
      AND id IS DISTINCT FROM ${next.promotionRequestId ?? null}::uuid
    RETURNING id, release_id`;
  return { id: deployment.id, promptMoves, superseded: superseded.map((row) => ({ id: row.id, releaseId: row.release_id })) };
}
