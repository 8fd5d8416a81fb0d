import path from 'node:path/posix';
import { RULE_LABELS, type AgentPolicy, type PolicyRule } from './policyTypes';

/** What a policy is checked against: the fields of one execution record. */
export interface ExecutionFacts {
  toolName?: string | null;
  sideEffects?: unknown;
}

export interface PolicyViolation {
  rule: PolicyRule;
  /** The tool, path or host that broke the rule. */
  subject: string;
  /** e.g. `egress host evil.example is not in allowed egress hosts`. */
  message: string;
}

const FILE_KINDS = /^file(_|$)/;
const WRITE_KINDS = /^file_(write|create|delete|append|rename|chmod|mkdir)$/;
const NETWORK_KINDS = new Set(['http', 'https', 'dns', 'net', 'network', 'tcp', 'udp', 'connect', 'fetch', 'websocket', 'egress']);

/** The host of a side-effect target: a URL, `host:port`, `host/path` or a bare name. */
export function targetHost(target: string): string | null {
  const value = target.trim();
  if (!value) return null;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return new URL(value).hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '') || null;
  } catch {
    return null;
  }
  const host = value.split(/[/?#]/)[0]!.replace(/:\d+$/, '');
  return host.toLowerCase().replace(/\.$/, '') || null;
}

/** An absolute path resolved lexically (`/srv/docs/../../etc` → `/etc`); null for relative paths. */
export function targetPath(target: string): string | null {
  let value = target.trim();
  if (/^file:\/\//i.test(value)) {
    try {
      value = decodeURIComponent(new URL(value).pathname);
    } catch {
      return null;
    }
  }
  if (!value.startsWith('/')) return null;
  return path.normalize(value).replace(/(.)\/$/, '$1');
}

export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry));
}

export function pathUnder(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith('/') ? root : root + '/'));
}

function sideEffectList(value: unknown): Array<{ kind: string; target: string }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const { kind, target } = (item ?? {}) as { kind?: unknown; target?: unknown };
    return typeof kind === 'string' && typeof target === 'string' ? [{ kind: kind.toLowerCase(), target }] : [];
  });
}

/**
 * Every way one execution went beyond the policy: a tool not allowed, a file outside the allowed
 * roots (or a write outside the writable ones), a network target not on the egress allow-list.
 * Relative paths and unparseable hosts count as outside: a policy cannot vouch for what it cannot place.
 */
export function policyViolations(policy: AgentPolicy, execution: ExecutionFacts): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const add = (rule: PolicyRule, subject: string, message: string) => {
    if (!violations.some((v) => v.rule === rule && v.subject === subject)) violations.push({ rule, subject, message });
  };
  const tool = execution.toolName;
  if (tool && !policy.allowedTools.includes('*') && !policy.allowedTools.includes(tool)) {
    add('allowed_tools', tool, `tool ${tool} is not in ${RULE_LABELS.allowed_tools}`);
  }
  for (const effect of sideEffectList(execution.sideEffects)) {
    if (FILE_KINDS.test(effect.kind)) {
      const file = targetPath(effect.target);
      if (!file || !pathUnder(file, policy.allowedFileRoots)) {
        add('allowed_file_roots', file ?? effect.target, `file path ${file ?? effect.target} is not under ${RULE_LABELS.allowed_file_roots}`);
      } else if (WRITE_KINDS.test(effect.kind) && !pathUnder(file, policy.writableFileRoots ?? [])) {
        add('writable_file_roots', file, `${effect.kind} to ${file} is not under ${RULE_LABELS.writable_file_roots}`);
      }
    } else if (NETWORK_KINDS.has(effect.kind)) {
      const host = targetHost(effect.target);
      if (!host || !hostAllowed(host, policy.allowedEgressHosts)) {
        add('allowed_egress_hosts', host ?? effect.target, `egress host ${host ?? effect.target} is not in ${RULE_LABELS.allowed_egress_hosts}`);
      }
    }
  }
  return violations;
}

/** The sentence an alert shows: `policy for agent research-bot v3: egress host evil.example is not in allowed egress hosts`. */
export function describeViolation(policy: Pick<AgentPolicy, 'agentId' | 'version'>, violation: PolicyViolation): string {
  return `policy for agent ${policy.agentId} v${policy.version}: ${violation.message}`;
}
