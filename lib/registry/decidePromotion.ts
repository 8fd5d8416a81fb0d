import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { expirePromotions } from './expirePromotions';
import { checkSessionActor, type SessionActor } from './promotionActor';
import { parseInput, refused, type RegistryResult } from './results';

export const decisionInput = z.object({
  requestId: z.uuid({ error: 'is not a promotion request id' }),
  decision: z.enum(['approved', 'rejected'], { error: 'approve or reject' }),
  comment: z.string().trim().max(5000, 'at most 5,000 characters').optional().default(''),
}).refine((value) => value.decision === 'approved' || value.comment.length >= 3, { error: 'say why you reject it', path: ['comment'] });

class Refusal extends Error {
  constructor(readonly result: RegistryResult<never>) {
    super('refused');
  }
}

/**
 * A lead or admin other than the requester approves or rejects. One decision per person; enough
 * distinct approvals (the request's `requiredApprovals`) make it approved, one rejection closes it.
 * The database checks the same rules again (promotion_approvals trigger), so no other path skips them.
 */
export async function decidePromotion(input: unknown, actor: SessionActor): Promise<RegistryResult<{ status: 'requested' | 'approved' | 'rejected'; approvals: number; required: number }>> {
  const denied = checkSessionActor(actor);
  if (denied) return denied;
  const parsed = parseInput(decisionInput, input);
  if (!parsed.ok) return parsed;
  const { requestId, decision, comment } = parsed.value;
  await expirePromotions();
  let outcome: { status: 'requested' | 'approved' | 'rejected'; approvals: number; required: number; releaseId: string };
  try {
    outcome = await db().$transaction(async (tx) => {
      const [request] = await tx.$queryRaw<Array<{ id: string; status: string; requested_by_id: string; required_approvals: number; release_id: string }>>`
        SELECT id, status::text, requested_by_id::text, required_approvals, release_id FROM promotion_requests WHERE id = ${requestId}::uuid FOR UPDATE`;
      if (!request) throw new Refusal(refused('requestId', 'no such promotion request', 404));
      if (request.requested_by_id === actor.id) throw new Refusal(refused('requestId', 'you requested this promotion: another lead or admin must decide on it', 403));
      if (request.status !== 'requested' && request.status !== 'approved') throw new Refusal(refused('requestId', `the request is ${request.status}: nothing left to decide`, 409));
      const mine = await tx.promotionApproval.findUnique({ where: { requestId_approverId: { requestId, approverId: actor.id } } });
      if (mine) throw new Refusal(refused('requestId', `you already ${mine.decision} this request`, 409));
      await tx.promotionApproval.create({ data: { requestId, approverId: actor.id, approver: actor.email, decision, comment } });
      const approvals = await tx.promotionApproval.count({ where: { requestId, decision: 'approved' } });
      let status = request.status as 'requested' | 'approved' | 'rejected';
      if (decision === 'rejected') status = 'rejected';
      else if (approvals >= request.required_approvals) status = 'approved';
      if (status !== request.status) {
        await tx.promotionRequest.update({ where: { id: requestId }, data: { status, decidedAt: new Date(), updatedAt: new Date() } });
      }
      return { status, approvals, required: request.required_approvals, releaseId: request.release_id };
    });
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
  await recordConsoleAction({
    actor: { id: actor.id, label: actor.email }, action: decision === 'approved' ? 'release.promotion_approved' : 'release.promotion_rejected',
    target: `promotion:${requestId}`,
    details: { release: outcome.releaseId, comment: comment || null, approvals: outcome.approvals, required_approvals: outcome.required, status: outcome.status },
  });
  return { ok: true, value: { status: outcome.status, approvals: outcome.approvals, required: outcome.required } };
}
