/** Contract C2: what detections and launch profiles read. Lists are exact; empty lists allow nothing. */
export interface AgentPolicy {
  id: string;
  agentId: string;
  version: number;
  /** Tool names the agent may call; `*` allows any tool. */
  allowedTools: string[];
  /** Absolute directories the agent may read (and, for writableFileRoots, write) under. */
  allowedFileRoots: string[];
  allowedEgressHosts: string[];
  maxScopes: string[];
  /** The subset of allowedFileRoots the agent may write to; the others are read-only. */
  writableFileRoots: string[];
}

/** One stored version, with who made it and why. */
export interface AgentPolicyVersion extends AgentPolicy {
  note: string | null;
  createdBy: string;
  createdAt: Date;
}

/** The policy fields a rule can name in an alert. */
export type PolicyRule = 'allowed_tools' | 'allowed_file_roots' | 'writable_file_roots' | 'allowed_egress_hosts';

export const RULE_LABELS: Record<PolicyRule, string> = {
  allowed_tools: 'allowed tools',
  allowed_file_roots: 'allowed file roots',
  writable_file_roots: 'writable file roots',
  allowed_egress_hosts: 'allowed egress hosts',
};
