import { recordConsoleAction, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import { toPolicy } from './policyRows';
import { parseInput, refused, savePolicyInput, type PolicyResult } from './policyInputs';
import type { AgentPolicyVersion } from './policyTypes';

const UNIQUE_VIOLATION = 'P2002';
const FIELDS = ['allowedTools', 'allowedFileRoots', 'writableFileRoots', 'allowedEgressHosts', 'maxScopes'] as const;

/**
 * Saves a policy as a new version (the first is v1). Saving what is already in force changes nothing
 * (`changed: false`, nothing recorded). Writable roots are also readable, so they join allowedFileRoots.
 */
export async function saveAgentPolicy(input: unknown, actor: ConsoleActor): Promise<PolicyResult<{ policy: AgentPolicyVersion; changed: boolean }>> {
  const parsed = parseInput(savePolicyInput, input);
  if (!parsed.ok) return parsed;
  const { agentId, note, baseVersion, ...lists } = parsed.value;
  lists.allowedFileRoots = [...new Set([...lists.allowedFileRoots, ...lists.writableFileRoots])].sort();
  // Two admins saving at once both compute the same next version; the unique index lets one win.
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await db().agentPolicy.findFirst({ where: { agentId }, orderBy: { version: 'desc' } });
    const current = latest?.version ?? 0;
    if (baseVersion !== undefined && baseVersion !== current) {
      return refused('baseVersion', `the policy changed since you opened it (now v${current}, you edited v${baseVersion}); reload and redo your change`);
    }
    if (latest && FIELDS.every((field) => JSON.stringify(latest[field]) === JSON.stringify(lists[field]))) {
      return { ok: true, value: { policy: toPolicy(latest), changed: false } };
    }
    try {
      const row = await db().agentPolicy.create({
        data: { agentId, version: current + 1, ...lists, note: note ?? null, createdBy: actor.label, createdById: actor.id },
      });
      const changes = latest
        ? Object.fromEntries(FIELDS.filter((field) => JSON.stringify(latest[field]) !== JSON.stringify(lists[field]))
          .map((field) => [field, { from: latest[field], to: lists[field] }]))
        : lists;
      await recordConsoleAction({
        actor, action: latest ? 'policy.updated' : 'policy.created', target: `policy:${agentId}`,
        details: { version: row.version, ...(latest ? { changes } : { policy: lists }), note: note ?? null },
      });
      return { ok: true, value: { policy: toPolicy(row), changed: true } };
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    }
  }
  return refused('agentId', 'the policy is being changed by someone else right now; try again');
}
