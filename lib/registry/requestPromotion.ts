import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { expirePromotions } from './expirePromotions';
import { checkSessionActor, type SessionActor } from './promotionActor';
import { parseInput, refused, type RegistryResult } from './results';
import { promotionSettings } from './settings';

export const requestPromotionInput = z.object({
  releaseId: z.string({ error: 'pick a release' }).regex(/^[0-9a-f-]{36}$/, 'is not a release id'),
  reason: z.string({ error: 'say why this should go to production' }).trim().min(3, 'say why this should go to production').max(5000, 'at most 5,000 characters'),
});

/** A lead or admin asks to promote a staging release to production; others approve it. */
export async function requestPromotion(input: unknown, actor: SessionActor): Promise<RegistryResult<{ id: string }>> {
  const denied = checkSessionActor(actor);
  if (denied) return denied;
  const parsed = parseInput(requestPromotionInput, input);
  if (!parsed.ok) return parsed;
  const { releaseId, reason } = parsed.value;
  await expirePromotions();
  const release = await db().release.findUnique({ where: { id: releaseId } });
  if (!release) return refused('releaseId', 'no such release', 404);
  const production = await db().environmentRelease.findUnique({ where: { environment: 'production' } });
  const live = production?.deploymentId ? await db().deployment.findUnique({ where: { id: production.deploymentId } }) : null;
  if (live?.releaseId === releaseId) return refused('releaseId', `${release.name} is already what production runs`, 409);
  const open = await db().promotionRequest.findFirst({ where: { releaseId, status: { in: ['requested', 'approved'] } } });
  if (open) return refused('releaseId', `${release.name} already has an open promotion request (${open.id})`, 409);
  const settings = promotionSettings();
  const request = await db().promotionRequest.create({
    data: {
      releaseId, reason, requestedBy: actor.email, requestedById: actor.id, requiredApprovals: settings.requiredApprovals,
      baselineDeploymentId: production?.deploymentId ?? null, expiresAt: new Date(Date.now() + settings.expiryHours * 3_600_000),
    },
  });
  await recordConsoleAction({
    actor: { id: actor.id, label: actor.email }, action: 'release.promotion_requested', target: `promotion:${request.id}`,
    details: { release: releaseId, release_name: release.name, reason, required_approvals: settings.requiredApprovals, production_release: live?.releaseId ?? null, expires_at: request.expiresAt.toISOString() },
  });
  return { ok: true, value: { id: request.id } };
}
