import { createHash } from 'node:crypto';
import { normaliseEgressHost, normaliseFileRoot } from './policyInputs';
import type { AgentPolicy } from './policyTypes';
import { shellQuote } from './shellQuote';

export interface LaunchProfileOptions {
  /** The agent's image; a placeholder the operator replaces when absent. */
  image?: string;
  /** Add `--runtime=runsc` (gVisor installed on the host). */
  gvisor?: boolean;
}

export interface LaunchProfile {
  agentId: string;
  version: number;
  /** Names the commands use: container, internal network, egress proxy container. */
  names: { container: string; network: string; proxy: string };
  /** `docker run` arguments as argv (unquoted), the image last. */
  dockerArgs: string[];
  /** The same, shell-quoted, one flag per line: paste into a shell. */
  dockerCommand: string;
  /** Network and egress proxy set-up to run first (empty when no egress is allowed). */
  networkSetup: string;
  /** squid.conf for the egress proxy: the allow-list, everything else denied. */
  proxyConfig: string | null;
  gvisorNote: string;
  notes: string[];
}

export class LaunchProfileError extends Error {}

const PROXY_PORT = 3128;
const IMAGE_PLACEHOLDER = 'your-agent-image:tag';

function slug(agentId: string): string {
  const readable = agentId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'agent';
  // The hash keeps two ids that slug alike ("Bot A", "bot-a") from sharing a container name.
  return `${readable}-${createHash('sha256').update(agentId).digest('hex').slice(0, 6)}`;
}

/** Re-checks every root and host, whatever the caller passes: a stored policy is valid, a hand-made one may not be. */
function checkedPolicy(policy: AgentPolicy) {
  const problems: string[] = [];
  const roots = (list: string[]) => list.flatMap((root) => {
    const result = normaliseFileRoot(root);
    if ('problem' in result) problems.push(`file root: ${result.problem}`);
    return 'root' in result ? [result.root] : [];
  });
  const allowed = roots(policy.allowedFileRoots);
  const writable = new Set(roots(policy.writableFileRoots ?? []));
  const hosts = policy.allowedEgressHosts.flatMap((host) => {
    const result = normaliseEgressHost(host);
    if ('problem' in result) problems.push(`egress host: ${result.problem}`);
    return 'host' in result ? [result.host] : [];
  });
  if (problems.length > 0) throw new LaunchProfileError(`refusing to build a launch profile: ${problems.join('; ')}`);
  const mounts = [...new Set([...allowed, ...writable])].sort().map((root) => ({ root, writable: writable.has(root) }));
  return { mounts, hosts: [...new Set(hosts)].sort() };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function squidConfig(hosts: string[], agentId: string, version: number): string {
  const exact = hosts.filter((host) => !host.startsWith('*.'));
  const wildcards = hosts.filter((host) => host.startsWith('*.'));
  return [
    `# Egress allow-list for agent ${JSON.stringify(agentId)}, Warden policy v${version}. Everything else is denied.`,
    `http_port ${PROXY_PORT}`,
    ...(exact.length ? [`acl warden_allowed dstdomain ${exact.join(' ')}`] : []),
    // *.example.com allows subdomains only, which dstdomain (.example.com) cannot say.
    ...wildcards.map((host) => `acl warden_allowed dstdom_regex -i \\.${escapeRegex(host.slice(2))}$`),
    'acl SSL_ports port 443',
    'acl Safe_ports port 80 443',
    'acl CONNECT method CONNECT',
    'http_access deny !Safe_ports',
    'http_access deny CONNECT !SSL_ports',
    'http_access allow warden_allowed',
    'http_access deny all',
    'cache deny all',
    '',
  ].join('\n');
}

/**
 * What an operator pastes to run an agent with no more than its policy allows: no capabilities, a
 * read-only root filesystem, no privilege escalation, only the allowed roots mounted (read-only
 * unless writable), and no network but an internal one whose only way out is an allow-list proxy.
 */
export function launchProfile(policy: AgentPolicy, options: LaunchProfileOptions = {}): LaunchProfile {
  const { mounts, hosts } = checkedPolicy(policy);
  const base = `warden-agent-${slug(policy.agentId)}`;
  const names = { container: base, network: `${base}-net`, proxy: `${base}-egress` };
  const proxyUrl = `http://${names.proxy}:${PROXY_PORT}`;
  const image = options.image?.trim() || IMAGE_PLACEHOLDER;
  if (image.startsWith('-')) throw new LaunchProfileError('the image name must not start with -');

  const args = [
    'run', '--name', names.container,
    '--cap-drop=ALL',
    '--read-only',
    '--security-opt', 'no-new-privileges',
    '--user', '65534:65534',
    '--pids-limit', '256',
    '--tmpfs', '/tmp:rw,noexec,nosuid,nodev,size=64m',
    ...(options.gvisor ? ['--runtime=runsc'] : []),
    '--label', `warden.agent_id=${policy.agentId}`,
    '--label', `warden.policy_version=${policy.version}`,
    ...mounts.flatMap(({ root, writable }) => ['--mount', `type=bind,source=${root},target=${root}${writable ? '' : ',readonly'}`]),
    ...(hosts.length === 0
      ? ['--network', 'none']
      : ['--network', names.network, ...['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].flatMap((name) => ['--env', `${name}=${proxyUrl}`]),
        '--env', 'NO_PROXY=', '--env', 'no_proxy=']),
    image,
  ];
  const dockerCommand = ['docker run', ...chunk(args.slice(1)).map((words) => words.map(shellQuote).join(' '))].join(' \\\n  ');
  const networkSetup = hosts.length === 0 ? '' : [
    '# An internal network has no route out; the proxy, also on the default bridge, is the only exit.',
    `docker network create --internal ${names.network}`,
    `docker run --detach --name ${names.proxy} --cap-drop=ALL --cap-add=SETUID --cap-add=SETGID --security-opt no-new-privileges \\`,
    `  --mount type=bind,source="$PWD/${names.proxy}.squid.conf",target=/etc/squid/squid.conf,readonly ubuntu/squid`,
    `docker network connect ${names.network} ${names.proxy}`,
  ].join('\n');

  const notes = [
    policy.maxScopes.length
      ? `Give this agent a Warden token with at most these scopes: ${policy.maxScopes.join(', ')}.`
      : 'This agent may hold no Warden token.',
    mounts.length ? `Mounted: ${mounts.map(({ root, writable }) => `${root} (${writable ? 'read-write' : 'read-only'})`).join(', ')}.` : 'No host directory is mounted.',
    hosts.length ? `Egress only through ${names.proxy} to: ${hosts.join(', ')}.` : 'No network at all (--network none).',
  ];
  return {
    agentId: policy.agentId, version: policy.version, names, dockerArgs: args, dockerCommand, networkSetup,
    proxyConfig: hosts.length ? squidConfig(hosts, policy.agentId, policy.version) : null,
    gvisorNote: 'For a stronger boundary than namespaces, run the agent under gVisor: install runsc (https://gvisor.dev/docs/user_guide/install/), '
      + 'register it with `sudo runsc install && sudo systemctl restart docker`, then add `--runtime=runsc` to the command. '
      + "The agent's system calls then reach gVisor's user-space kernel instead of the host kernel. "
      + 'Check with `docker run --rm --runtime=runsc hello-world`.',
    notes,
  };
}

/** Groups a flag with its value so the pasted command reads one flag per line. */
function chunk(args: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const takesValue = arg.startsWith('--') && !arg.includes('=') && i + 1 < args.length - 1 && !args[i + 1]!.startsWith('--')
      && arg !== '--read-only';
    out.push(takesValue ? [arg, args[++i]!] : [arg]);
  }
  return out;
}
