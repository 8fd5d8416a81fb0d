import { db } from '../db/client';
import { toPolicy } from './policyRows';
import type { AgentPolicyVersion } from './policyTypes';

/** The policy in force for `agentId`: its latest version, or null when the agent has none. */
export async function getAgentPolicy(agentId: string): Promise<AgentPolicyVersion | null> {
  const row = await db().agentPolicy.findFirst({ where: { agentId }, orderBy: { version: 'desc' } });
  return row ? toPolicy(row) : null;
}
