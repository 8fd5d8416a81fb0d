import { db } from '../db/client';
import type { Environment } from '../environment';
import { getReleases } from './getRelease';
import type { ReleaseView } from './views';

export interface ReleaseListItem extends ReleaseView {
  /** Environments running it now. */
  liveIn: Environment[];
  openPromotionId: string | null;
}

/** Releases, newest first, with where each is live and any open promotion request. */
export async function listReleases(limit = 100): Promise<ReleaseListItem[]> {
  const rows = await db().release.findMany({ orderBy: { createdAt: 'desc' }, take: limit, select: { id: true } });
  const [views, heads, open] = await Promise.all([
    getReleases(rows.map((row) => row.id)),
    db().environmentRelease.findMany(),
    db().promotionRequest.findMany({ where: { status: { in: ['requested', 'approved'] } }, select: { id: true, releaseId: true } }),
  ]);
  const live = await db().deployment.findMany({ where: { id: { in: heads.flatMap((head) => (head.deploymentId ? [head.deploymentId] : [])) } } });
  return rows.flatMap((row) => {
    const view = views.get(row.id);
    if (!view) return [];
    return [{
      ...view,
      liveIn: live.filter((deployment) => deployment.releaseId === row.id).map((deployment) => deployment.environment as Environment),
      openPromotionId: open.find((request) => request.releaseId === row.id)?.id ?? null,
    }];
  });
}
