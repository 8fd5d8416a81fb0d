import { recordConsoleAction, SYSTEM_ACTOR } from '../audit';
import { pool } from '../db/pool';

/** Marks open requests past their expiry expired (each recorded). Called before every read and decision. */
export async function expirePromotions(): Promise<number> {
  const { rows } = await pool().query<{ id: string; release_id: string; expires_at: Date }>(
    `UPDATE promotion_requests SET status = 'expired', decided_at = now(), updated_at = now()
     WHERE status IN ('requested', 'approved') AND expires_at <= now() RETURNING id, release_id, expires_at`);
  for (const row of rows) {
    await recordConsoleAction({
      actor: SYSTEM_ACTOR, action: 'release.promotion_expired', target: `promotion:${row.id}`,
      details: { release: row.release_id, expired_at: row.expires_at.toISOString() },
    });
  }
  return rows.length;
}

export async function recordSuperseded(superseded: Array<{ id: string; releaseId: string }>, byDeployment: bigint, actor: { id: string | null; label: string }) {
  for (const request of superseded) {
    await recordConsoleAction({
      actor, action: 'release.promotion_superseded', target: `promotion:${request.id}`,
      details: { release: request.releaseId, by_deployment: Number(byDeployment), reason: 'production changed after the request was made: review it again against what runs now' },
    });
  }
}
