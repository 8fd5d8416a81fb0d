// Least-privilege agent policies (contract C2): versioned per agent id, checked by detections,
// turned into container launch profiles operators paste.
export { getAgentPolicy } from './getAgentPolicy';
export { listAgentPolicies } from './listAgentPolicies';
export { listAgentPolicyVersions } from './listAgentPolicyVersions';
export { saveAgentPolicy } from './saveAgentPolicy';
export { normaliseEgressHost, normaliseFileRoot, type PolicyResult } from './policyInputs';
export {
  describeViolation, hostAllowed, pathUnder, policyViolations, targetHost, targetPath,
  type ExecutionFacts, type PolicyViolation,
} from './policyViolations';
export { launchProfile, LaunchProfileError, type LaunchProfile, type LaunchProfileOptions } from './launchProfile';
export { RULE_LABELS, type AgentPolicy, type AgentPolicyVersion, type PolicyRule } from './policyTypes';
export { shellQuote } from './shellQuote';
