import type { AgentPolicy } from '../policies';

/**
 * The policy for agents that have none yet (admins record per-agent policies under Admin): tools
 * allowed except the forbidden ones, files under the allowed roots, network and e-mail only to the
 * allowed hosts. Each list can be replaced with an environment variable (comma-separated; `*.x.y`
 * matches sub-domains). The built-in egress list holds common developer services and the demo
 * organisation's domains (acme.dev), so the demo traffic reads like a configured deployment.
 */
export const DEFAULT_EGRESS_HOSTS = [
  'github.com', '*.github.com', '*.githubusercontent.com', 'slack.com', '*.slack.com', '*.atlassian.net', 'registry.npmjs.org', 'pypi.org',
  '*.sentry.io', 'docs.stripe.com', 'nodejs.org', 'kubernetes.io', 'www.postgresql.org', 'developer.mozilla.org', 'web.dev',
  'developers.google.com', 'oauth.net', 'www.cisa.gov', 'www.bsi.bund.de', 'www.heise.de', 'engineering.example.com',
  'blog.devtools-weekly.example.com', 'acme.dev', '*.acme.dev', '*.acme.internal', '*.internal',
];
export const DEFAULT_FILE_ROOTS = ['/workspace', '/tmp', '/srv', '/var/tmp'];
export const DEFAULT_FORBIDDEN_TOOLS = ['shell_exec'];
/** Side-effect kinds no agent may cause unless its policy names the tool that caused them. */
export const FORBIDDEN_KINDS = ['shell_exec'];

const list = (value: string | undefined, fallback: string[]) =>
  value === undefined ? fallback : value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);

export interface DefaultPolicy { policy: AgentPolicy; forbiddenTools: string[] }

export function defaultPolicy(env: Record<string, string | undefined> = process.env): DefaultPolicy {
  const roots = list(env.WARDEN_ALLOWED_FILE_ROOTS, DEFAULT_FILE_ROOTS);
  return {
    policy: {
      id: 'default', agentId: '*', version: 0, allowedTools: ['*'], allowedFileRoots: roots, writableFileRoots: roots,
      allowedEgressHosts: list(env.WARDEN_ALLOWED_EGRESS_HOSTS, DEFAULT_EGRESS_HOSTS), maxScopes: [],
    },
    forbiddenTools: list(env.WARDEN_FORBIDDEN_TOOLS, DEFAULT_FORBIDDEN_TOOLS),
  };
}
