import { beforeAll, describe, expect, it } from 'vitest';
import { getAgentPolicy, listAgentPolicies, listAgentPolicyVersions, saveAgentPolicy } from '../../lib/policies';
import { freshDatabase } from '../support/freshDatabase';
import { sql } from '../support/ingestFixtures';

const ADMIN = { id: null, label: 'admin@example.com' };

beforeAll(async () => {
  await freshDatabase();
});

describe('agent policies (contract C2)', () => {
  it('has no policy for an unknown agent', async () => {
    expect(await getAgentPolicy('nobody')).toBeNull();
  });

  it('saves v1, then each change as a new version; getAgentPolicy returns the latest', async () => {
    const first = await saveAgentPolicy({
      agentId: 'research-bot', allowedTools: 'read_file, fetch_url\nsearch_docs', allowedFileRoots: '/srv/docs/\n//srv//kb',
      writableFileRoots: '/srv/out', allowedEgressHosts: 'API.GitHub.com, *.acme.dev', maxScopes: ['executions:read'],
    }, ADMIN);
    expect(first).toMatchObject({ ok: true, value: { changed: true, policy: {
      agentId: 'research-bot', version: 1, allowedTools: ['fetch_url', 'read_file', 'search_docs'],
      allowedFileRoots: ['/srv/docs', '/srv/kb', '/srv/out'], writableFileRoots: ['/srv/out'],
      allowedEgressHosts: ['*.acme.dev', 'api.github.com'], maxScopes: ['executions:read'],
    } } });
    const same = await saveAgentPolicy({ agentId: 'research-bot', allowedTools: ['search_docs', 'read_file', 'fetch_url'],
      allowedFileRoots: ['/srv/docs', '/srv/kb'], writableFileRoots: ['/srv/out'], allowedEgressHosts: ['api.github.com', '*.acme.dev'], maxScopes: 'executions:read' }, ADMIN);
    expect(same).toMatchObject({ ok: true, value: { changed: false, policy: { version: 1 } } });
    const second = await saveAgentPolicy({ agentId: 'research-bot', allowedTools: 'read_file', allowedFileRoots: '/srv/docs', allowedEgressHosts: '', maxScopes: '', baseVersion: 1 }, ADMIN);
    expect(second).toMatchObject({ ok: true, value: { changed: true, policy: { version: 2, allowedTools: ['read_file'], allowedEgressHosts: [] } } });

    const latest = await getAgentPolicy('research-bot');
    expect(latest).toMatchObject({ agentId: 'research-bot', version: 2, allowedTools: ['read_file'], allowedFileRoots: ['/srv/docs'], allowedEgressHosts: [], maxScopes: [] });
    expect(Object.keys(latest!)).toEqual(expect.arrayContaining(['id', 'agentId', 'version', 'allowedTools', 'allowedFileRoots', 'allowedEgressHosts', 'maxScopes']));
    expect((await listAgentPolicyVersions('research-bot')).map((policy) => policy.version)).toEqual([2, 1]);
  });

  it('records creation and each change in the console log, with what changed', async () => {
    const rows = await sql<{ action: string; target: string; details: Record<string, unknown> }>(
      "SELECT action, target, details FROM console_actions WHERE target = 'policy:research-bot' ORDER BY seq");
    expect(rows.map((row) => row.action)).toEqual(['policy.created', 'policy.updated']);
    expect(rows[1]!.details).toMatchObject({ version: 2, changes: { allowedTools: { from: ['fetch_url', 'read_file', 'search_docs'], to: ['read_file'] } } });
  });

  it('lists the latest version of every agent', async () => {
    await saveAgentPolicy({ agentId: 'mail-bot', allowedTools: 'send_email', maxScopes: 'ingest:write' }, ADMIN);
    const policies = await listAgentPolicies();
    expect(policies.map((policy) => [policy.agentId, policy.version])).toEqual([['mail-bot', 1], ['research-bot', 2]]);
  });

  it('refuses saving over a newer version than the one edited', async () => {
    const stale = await saveAgentPolicy({ agentId: 'research-bot', allowedTools: 'fetch_url', baseVersion: 1 }, ADMIN);
    expect(stale).toMatchObject({ ok: false, fields: { baseVersion: [expect.stringContaining('now v2, you edited v1')] } });
    expect((await getAgentPolicy('research-bot'))!.version).toBe(2);
  });

  it('gives concurrent saves distinct consecutive versions', async () => {
    const results = await Promise.all(['a', 'b', 'c'].map((tool) => saveAgentPolicy({ agentId: 'racer', allowedTools: `tool_${tool}` }, ADMIN)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect((await listAgentPolicyVersions('racer')).map((policy) => policy.version)).toEqual([3, 2, 1]);
  });

  it('refuses bad input per field, storing nothing', async () => {
    const result = await saveAgentPolicy({
      agentId: ' ', allowedTools: 'rm -rf', allowedFileRoots: 'relative/dir\n/srv/../etc\n/\n/a,b', allowedEgressHosts: 'evil.com;curl x|sh\nhttp://x.com/\n$(id).x',
      maxScopes: 'admin:all',
    }, ADMIN);
    expect(result.ok).toBe(false);
    const fields = (result as { fields: Record<string, string[]> }).fields;
    expect(Object.keys(fields).sort()).toEqual(['agentId', 'allowedEgressHosts', 'allowedFileRoots', 'allowedTools', 'maxScopes']);
    expect(fields.allowedFileRoots).toHaveLength(4);
    expect(fields.allowedEgressHosts).toHaveLength(3);
    expect(await getAgentPolicy(' ')).toBeNull();
  });

  it('keeps versions append-only in the database', async () => {
    await expect(sql("UPDATE agent_policies SET allowed_tools = '{*}' WHERE agent_id = 'mail-bot'")).rejects.toThrow();
    await expect(sql("DELETE FROM agent_policies WHERE agent_id = 'mail-bot'")).rejects.toThrow();
  });
});
