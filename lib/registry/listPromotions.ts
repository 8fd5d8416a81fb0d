import { db } from '../db/client';
import { expirePromotions } from './expirePromotions';

export interface PromotionListItem {
  id: string;
  releaseId: string;
  releaseName: string;
  status: string;
  reason: string;
  requestedBy: string;
  requiredApprovals: number;
  approvals: number;
  createdAt: Date;
  expiresAt: Date;
}

export async function listPromotions(limit = 100): Promise<PromotionListItem[]> {
  await expirePromotions();
  const rows = await db().promotionRequest.findMany({ orderBy: { createdAt: 'desc' }, take: limit });
  const [releases, approvals] = await Promise.all([
    db().release.findMany({ where: { id: { in: rows.map((row) => row.releaseId) } }, select: { id: true, name: true } }),
    db().promotionApproval.findMany({ where: { requestId: { in: rows.map((row) => row.id) }, decision: 'approved' }, select: { requestId: true } }),
  ]);
  const names = new Map(releases.map((release) => [release.id, release.name]));
  return rows.map((row) => ({
    id: row.id, releaseId: row.releaseId, releaseName: names.get(row.releaseId) ?? row.releaseId, status: row.status, reason: row.reason,
    requestedBy: row.requestedBy, requiredApprovals: row.requiredApprovals, approvals: approvals.filter((approval) => approval.requestId === row.id).length,
    createdAt: row.createdAt, expiresAt: row.expiresAt,
  }));
}
