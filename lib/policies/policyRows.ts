import type { AgentPolicy as AgentPolicyRow } from '../db/generated/client';
import type { AgentPolicyVersion } from './policyTypes';

export function toPolicy(row: AgentPolicyRow): AgentPolicyVersion {
  return {
    id: row.id, agentId: row.agentId, version: row.version,
    allowedTools: row.allowedTools, allowedFileRoots: row.allowedFileRoots, writableFileRoots: row.writableFileRoots,
    allowedEgressHosts: row.allowedEgressHosts, maxScopes: row.maxScopes,
    note: row.note, createdBy: row.createdBy, createdAt: row.createdAt,
  };
}
