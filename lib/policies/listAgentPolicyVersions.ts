import { db } from '../db/client';
import { toPolicy } from './policyRows';
import type { AgentPolicyVersion } from './policyTypes';

/** Every version of one agent's policy, newest first (the policy's history). */
export async function listAgentPolicyVersions(agentId: string): Promise<AgentPolicyVersion[]> {
  const rows = await db().agentPolicy.findMany({ where: { agentId }, orderBy: { version: 'desc' } });
  return rows.map(toPolicy);
}
