import { recordConsoleAction, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import { createToken } from '../tokens';

/** What a dry run may do: write its own records to staging and read staging back. Nothing else, nowhere else. */
export const DRY_RUN_SCOPES = ['ingest:write', 'executions:read'] as const;

export interface DryRunToken {
  id: string;
  token: string;
  prefix: string;
}

/**
 * A token minted for one run, bound to staging (so production ingest quarantines its records and
 * production reads answer 403), expiring within a day and revoked when the run ends.
 */
export async function mintDryRunToken(runId: string, actor: ConsoleActor): Promise<DryRunToken> {
  const created = await createToken({ name: `dry-run ${runId}`, environment: 'staging', scopes: [...DRY_RUN_SCOPES], expiresInDays: 1, createdBy: actor.label }, actor);
  return { id: created.id, token: created.token, prefix: created.prefix };
}

export async function revokeDryRunToken(token: DryRunToken, actor: ConsoleActor, runId: string): Promise<void> {
  const revoked = await db().apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (revoked.count > 0) {
    await recordConsoleAction({ actor, action: 'token.revoked', target: `token:${token.prefix}`, details: { reason: `dry run ${runId} finished` } });
  }
}
