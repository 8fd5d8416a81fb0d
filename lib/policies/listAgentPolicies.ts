import { db } from '../db/client';
import { toPolicy } from './policyRows';
import type { AgentPolicyVersion } from './policyTypes';

/** The latest version of every agent's policy, by agent id. */
export async function listAgentPolicies(): Promise<AgentPolicyVersion[]> {
  const rows = await db().agentPolicy.findMany({ distinct: ['agentId'], orderBy: [{ agentId: 'asc' }, { version: 'desc' }] });
  return rows.map(toPolicy);
}
