import { getAgentPolicy, hostAllowed, policyViolations, type AgentPolicy, type PolicyRule } from '../../policies';
import { defaultPolicy, FORBIDDEN_KINDS } from '../defaultPolicy';
import type { DetectionContext, DetectionExecution, Detector, RaiseAlertInput, Severity } from '../types';
import { callLabel, scopeKey, sideEffects, subjectOf } from './shared';

type Rule = PolicyRule | 'forbidden_tools' | 'forbidden_side_effects' | 'email_domains';

interface Violation { rule: Rule; message: string; severity: Severity }

const SEVERITY: Record<Rule, Severity> = {
  forbidden_side_effects: 'critical', forbidden_tools: 'high', allowed_tools: 'high', allowed_egress_hosts: 'high', email_domains: 'high',
  allowed_file_roots: 'high', writable_file_roots: 'high',
};

/** Checks one execution against a policy; `label` says which ("policy for agent x v3", "default policy"). */
export function violationsOf(e: DetectionExecution, policy: AgentPolicy, label: string, forbiddenTools: readonly string[]): Violation[] {
  const out: Violation[] = policyViolations(policy, { toolName: e.toolName, sideEffects: e.sideEffects })
    .map((v) => ({ rule: v.rule, message: `${label}: ${v.message}`, severity: SEVERITY[v.rule] }));
  if (e.toolName && forbiddenTools.includes(e.toolName.toLowerCase())) {
    out.push({ rule: 'forbidden_tools', message: `${label}: tool ${e.toolName} is forbidden`, severity: 'high' });
  }
  // Only a policy that names the tool explicitly ('*' does not count) permits shell execution.
  const explicitlyAllowed = e.toolName !== null && policy.allowedTools.includes(e.toolName);
  for (const effect of sideEffects(e)) {
    if (FORBIDDEN_KINDS.includes(effect.kind) && !explicitlyAllowed) {
      out.push({ rule: 'forbidden_side_effects', message: `${label}: ${effect.kind} is forbidden (${effect.target.slice(0, 120)})`, severity: 'critical' });
    }
    if (effect.kind === 'email') {
      const domain = effect.target.toLowerCase().split('@').pop()!.trim();
      if (domain && !hostAllowed(domain, policy.allowedEgressHosts)) {
        out.push({ rule: 'email_domains', message: `${label}: e-mail to ${domain}, which is not in allowed egress hosts`, severity: 'high' });
      }
    }
  }
  return out;
}

async function policyFor(e: DetectionExecution, context: DetectionContext): Promise<{ policy: AgentPolicy; label: string; forbiddenTools: string[] }> {
  const agent = e.agentId;
  const own = agent ? await context.memo(`policy:${agent}`, () => getAgentPolicy(agent)) : null;
  if (own) return { policy: own, label: `policy for agent ${own.agentId} v${own.version}`, forbiddenTools: [] };
  const fallback = await context.memo('policy:default', async () => defaultPolicy());
  return { ...fallback, label: agent ? `default policy (agent ${agent} has none)` : 'default policy' };
}

/**
 * Forbidden side effects: shell execution, network or e-mail to hosts outside the allow-list, file
 * access outside the allowed roots, forbidden tools. Uses the agent's own policy (contract C2) when
 * it has one, else the default policy (defaultPolicy.ts), and names the rule that was broken.
 */
export const forbiddenSideEffect: Detector = {
  name: 'forbidden_side_effect',
  label: 'Forbidden side effect',
  description: 'Shell execution, DNS/HTTP or e-mail to hosts outside the allow-list, file access outside the allowed roots, forbidden tools — against the agent\'s policy, or the default policy when it has none.',
  kind: 'rule',
  async detect(executions, context) {
    const findings: RaiseAlertInput[] = [];
    for (const e of executions) {
      if (!e.toolName && sideEffects(e).length === 0) continue;
      const { policy, label, forbiddenTools } = await policyFor(e, context);
      const violations = violationsOf(e, policy, label, forbiddenTools);
      for (const rule of new Set(violations.map((v) => v.rule))) {
        const mine = violations.filter((v) => v.rule === rule);
        findings.push({
          detector: 'forbidden_side_effect', environment: context.environment, severity: mine[0]!.severity,
          title: `${rule === 'forbidden_side_effects' ? 'Shell execution' : rule === 'allowed_egress_hosts' || rule === 'email_domains' ? 'Egress outside the allow-list' : rule.includes('file') ? 'File access outside the allowed roots' : 'Forbidden tool'} by ${callLabel(e)}`,
          explanation: mine.map((v) => v.message).join('; '),
          evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `forbidden_side_effect|${rule}|${scopeKey(e)}`,
        });
      }
    }
    return findings;
  },
};
