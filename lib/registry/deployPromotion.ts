import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import { announce } from './announce';
import { applyDeployment, DEPLOY_TRANSACTION, lockEnvironment } from './applyDeployment';
import { expirePromotions, recordSuperseded } from './expirePromotions';
import { blockingFailures, evaluateGates } from './gates';
import { decidePromotion } from './decidePromotion';
import { checkSessionActor, type SessionActor } from './promotionActor';
import { refused, type RegistryResult } from './results';

class Refusal extends Error {
  constructor(readonly result: RegistryResult<never>, readonly superseded = false) {
    super('refused');
  }
}

/**
 * Deploys an approved request's release to production. Blocking gates must be green. Under the
 * production lock it checks that production still runs what the request was reviewed against —
 * otherwise the request is superseded, not deployed — then moves production (deployment row,
 * pointer, prompt labels) and supersedes every other open request, all in one transaction.
 */
export async function deployPromotion(requestId: string, actor: SessionActor): Promise<RegistryResult<{ deploymentId: number; releaseId: string }>> {
  const denied = checkSessionActor(actor);
  if (denied) return denied;
  if (!/^[0-9a-f-]{36}$/.test(requestId)) return refused('requestId', 'is not a promotion request id');
  await expirePromotions();
  const request = await db().promotionRequest.findUnique({ where: { id: requestId } });
  if (!request) return refused('requestId', 'no such promotion request', 404);
  if (request.status !== 'approved') return refused('requestId', `the request is ${request.status}${request.status === 'requested' ? ': it needs its approvals first' : ''}`, 409);
  const failing = blockingFailures(await evaluateGates(request.releaseId));
  if (failing.length > 0) return refused('gates', `gates not passed: ${failing.map((gate) => `${gate.title} — ${gate.summary}`).join(' · ')}`, 409);
  const release = await db().release.findUniqueOrThrow({ where: { id: request.releaseId } });
  const actorRef = { id: actor.id, label: actor.email };
  let outcome;
  try {
    outcome = await db().$transaction(async (tx) => {
      const live = await lockEnvironment(tx, 'production');
      const [current] = await tx.$queryRaw<Array<{ status: string; baseline_deployment_id: bigint | null }>>`
        SELECT status::text, baseline_deployment_id FROM promotion_requests WHERE id = ${requestId}::uuid FOR UPDATE`;
      if (current!.status !== 'approved') throw new Refusal(refused('requestId', `the request is ${current!.status}`, 409));
      if (current!.baseline_deployment_id !== live) {
        await tx.promotionRequest.update({ where: { id: requestId }, data: { status: 'superseded', decidedAt: new Date(), updatedAt: new Date() } });
        return { superseded: true as const, live };
      }
      const applied = await applyDeployment(tx, {
        environment: 'production', releaseId: release.id, kind: 'promotion', reason: request.reason, actor: actor.email, actorId: actor.id,
        previousDeploymentId: live, promotionRequestId: requestId, modelConfigVersionId: release.modelConfigVersionId, movePromptLabels: true,
      });
      await tx.promotionRequest.update({ where: { id: requestId }, data: { status: 'deployed', deploymentId: applied.id, decidedAt: new Date(), updatedAt: new Date() } });
      return { superseded: false as const, live, applied };
    }, DEPLOY_TRANSACTION);
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
  if (outcome.superseded) {
    await recordSuperseded([{ id: requestId, releaseId: release.id }], outcome.live ?? 0n, actorRef);
    return refused('requestId', 'production changed since this request was made: it is superseded; request the promotion again to review it against what runs now', 409);
  }
  const previous = outcome.live ? await db().deployment.findUnique({ where: { id: outcome.live } }) : null;
  const previousRelease = previous ? await db().release.findUnique({ where: { id: previous.releaseId } }) : null;
  await recordConsoleAction({
    actor: actorRef, action: 'release.promoted', target: `release:${release.id}`,
    details: {
      environment: 'production', release_name: release.name, promotion: requestId, deployment: Number(outcome.applied.id),
      previous_release: previous?.releaseId ?? null, prompt_labels_moved: outcome.applied.promptMoves.map((move) => `${move.promptName}: ${move.fromVersion ?? '—'} → ${move.toVersion}`),
    },
  });
  await recordSuperseded(outcome.applied.superseded, outcome.applied.id, actorRef);
  void announce({ environment: 'production', what: 'promoted', actor: actor.email, reason: request.reason, from: previousRelease?.name ?? null, to: release.name, link: `/registry/promotions/${requestId}` });
  return { ok: true, value: { deploymentId: Number(outcome.applied.id), releaseId: release.id } };
}

/**
 * What the console's Approve button does: records the decision and, when it is the approval that
 * completes the request and every blocking gate is green, deploys at once. A deploy that cannot happen
 * yet (gates red) leaves the request approved, with the reason, for a later Deploy.
 */
export async function approveAndDeploy(input: unknown, actor: SessionActor): Promise<RegistryResult<{ status: string; approvals: number; required: number; deployment: { deploymentId: number; releaseId: string } | null; deployNote: string | null }>> {
  const decided = await decidePromotion(input, actor);
  if (!decided.ok) return decided;
  if (decided.value.status !== 'approved') return { ok: true, value: { ...decided.value, deployment: null, deployNote: null } };
  const requestId = String((input as { requestId?: unknown }).requestId);
  const deployed = await deployPromotion(requestId, actor);
  if (deployed.ok) return { ok: true, value: { ...decided.value, status: 'deployed', deployment: deployed.value, deployNote: null } };
  const after = await db().promotionRequest.findUnique({ where: { id: requestId }, select: { status: true } });
  return { ok: true, value: { ...decided.value, status: after?.status ?? decided.value.status, deployment: null, deployNote: deployed.message } };
}
