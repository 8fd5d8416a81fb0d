import { db } from '../db/client';
import type { Deployment } from '../db/generated/client';
import type { Environment } from '../environment';
import { getReleases } from './getRelease';
import { getModelConfigVersions } from './modelConfigViews';
import type { ActiveRelease, DeploymentView, EffectiveModel, ModelConfigVersionView } from './views';

export function toDeploymentView(row: Deployment, releaseName: string): DeploymentView {
  return {
    id: Number(row.id), environment: row.environment as Environment, releaseId: row.releaseId, releaseName, kind: row.kind, reason: row.reason,
    actor: row.actor, promotionRequestId: row.promotionRequestId, previousDeploymentId: row.previousDeploymentId === null ? null : Number(row.previousDeploymentId),
    modelConfigVersionId: row.modelConfigVersionId, modelFallbackIndex: row.modelFallbackIndex, createdAt: row.createdAt,
  };
}

export function effectiveModel(config: ModelConfigVersionView | undefined | null, fallbackIndex: number | null): EffectiveModel | null {
  if (!config) return null;
  const fallback = fallbackIndex === null ? null : config.fallbacks[fallbackIndex];
  if (fallback) return { config, fallbackIndex, provider: fallback.provider, modelId: fallback.modelId, parameters: fallback.parameters ?? config.parameters };
  return { config, fallbackIndex: null, provider: config.provider, modelId: config.modelId, parameters: config.parameters };
}

/** Contract C4: what `environment` runs now (release, deployment, effective model), or null before its first deploy. */
export async function getActiveRelease(environment: Environment): Promise<ActiveRelease | null> {
  const head = await db().environmentRelease.findUnique({ where: { environment } });
  if (!head?.deploymentId) return null;
  const deployment = await db().deployment.findUnique({ where: { id: head.deploymentId } });
  if (!deployment) return null;
  const [releases, models] = await Promise.all([
    getReleases([deployment.releaseId]),
    getModelConfigVersions(deployment.modelConfigVersionId ? [deployment.modelConfigVersionId] : []),
  ]);
  const release = releases.get(deployment.releaseId);
  if (!release) return null;
  return {
    environment, deployment: toDeploymentView(deployment, release.name), release,
    model: effectiveModel(deployment.modelConfigVersionId ? models.get(deployment.modelConfigVersionId) : null, deployment.modelFallbackIndex),
  };
}
