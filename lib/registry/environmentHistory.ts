import { db } from '../db/client';
import type { Environment } from '../environment';
import { toDeploymentView } from './getActiveRelease';
import type { DeploymentView } from './views';

/** An environment's deployments, newest first: who, when, why, what kind. */
export async function environmentHistory(environment: Environment, limit = 200): Promise<DeploymentView[]> {
  const rows = await db().deployment.findMany({ where: { environment }, orderBy: { id: 'desc' }, take: limit });
  const names = new Map((await db().release.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.releaseId))] } }, select: { id: true, name: true } })).map((release) => [release.id, release.name]));
  return rows.map((row) => toDeploymentView(row, names.get(row.releaseId) ?? row.releaseId));
}
