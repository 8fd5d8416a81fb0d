import { describe, expect, it } from 'vitest';
import { describeViolation, policyViolations, targetHost, targetPath } from './policyViolations';
import type { AgentPolicy } from './policyTypes';

const policy: AgentPolicy = {
  id: 'p', agentId: 'research-bot', version: 3, allowedTools: ['read_file', 'fetch_url'], allowedFileRoots: ['/srv/docs', '/srv/out'],
  writableFileRoots: ['/srv/out'], allowedEgressHosts: ['api.github.com', '*.acme.dev'], maxScopes: [],
};

describe('policyViolations', () => {
  it('passes calls inside the policy', () => {
    expect(policyViolations(policy, { toolName: 'read_file', sideEffects: [
      { kind: 'file_read', target: '/srv/docs/a.md' }, { kind: 'file_write', target: '/srv/out/r.txt' },
      { kind: 'http', target: 'https://api.github.com/repos' }, { kind: 'dns', target: 'search.acme.dev' }, { kind: 'file_read', target: 'file:///srv/docs/x' },
    ] })).toEqual([]);
  });

  it('names each rule broken: tool, root (also through ..), writable root, egress host', () => {
    const violations = policyViolations(policy, { toolName: 'shell_exec', sideEffects: [
      { kind: 'file_read', target: '/srv/docs/../../etc/passwd' }, { kind: 'file_read', target: '/srv/docsevil/x' },
      { kind: 'file_write', target: '/srv/docs/a.md' }, { kind: 'http', target: 'https://evil.example:8443/x' },
      { kind: 'dns', target: 'acme.dev' }, { kind: 'file_read', target: 'relative.txt' },
    ] });
    expect(violations.map((v) => [v.rule, v.subject])).toEqual([
      ['allowed_tools', 'shell_exec'], ['allowed_file_roots', '/etc/passwd'], ['allowed_file_roots', '/srv/docsevil/x'],
      ['writable_file_roots', '/srv/docs/a.md'], ['allowed_egress_hosts', 'evil.example'], ['allowed_egress_hosts', 'acme.dev'],
      ['allowed_file_roots', 'relative.txt'],
    ]);
    expect(describeViolation(policy, violations[4]!)).toBe('policy for agent research-bot v3: egress host evil.example is not in allowed egress hosts');
  });

  it('ignores malformed side effects and allows any tool with *', () => {
    expect(policyViolations({ ...policy, allowedTools: ['*'] }, { toolName: 'anything', sideEffects: [null, 'x', { kind: 1 }] })).toEqual([]);
  });

  it('extracts hosts and paths', () => {
    expect(targetHost('HTTPS://Api.GitHub.com./x')).toBe('api.github.com');
    expect(targetHost('db.acme.internal:5432')).toBe('db.acme.internal');
    expect(targetPath('/a//b/./c/')).toBe('/a/b/c');
    expect(targetPath('file:///a%20b/c')).toBe('/a b/c');
  });
});
