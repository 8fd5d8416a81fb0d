import { describe, expect, it } from 'vitest';
import { importManifests, PUBLISHER_META } from './importManifests';

const tool = (name: string, meta?: Record<string, unknown>) => ({ name, description: `${name} tool`, inputSchema: { type: 'object', properties: {} }, ...(meta ? { _meta: meta } : {}) });

describe('manifest import', () => {
  it('reads an official MCP Registry server.json, taking tools from publisher-provided metadata', () => {
    const serverJson = {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json',
      name: 'io.github.acme/docs-server', description: 'Docs', version: '1.4.0',
      packages: [{ registryType: 'npm', identifier: '@acme/docs-server', version: '1.4.0', transport: { type: 'stdio' } }],
      _meta: { [PUBLISHER_META]: { tools: [tool('read_file'), tool('search_docs', { 'warden/version': '2.0.1' })] } },
    };
    const result = importManifests(serverJson);
    expect(result).toMatchObject({ ok: true, format: 'server_json', source: 'mcp_registry' });
    expect(result.ok && result.manifests.map((m) => [m.name, m.version, m.owner])).toEqual([['read_file', '1.4.0', 'io.github.acme'], ['search_docs', '2.0.1', 'io.github.acme']]);
    expect(result.ok && result.manifests[0]).not.toHaveProperty('_meta');
  });

  it('explains what is missing when server.json lists no tools', () => {
    const result = importManifests({ name: 'io.github.acme/x', version: '1.0.0', remotes: [{ type: 'streamable-http', url: 'https://x' }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('lists no tools');
  });

  it('reads tools/list snapshots, single manifests and arrays', () => {
    expect(importManifests({ version: '3.0.0', tools: [tool('a'), tool('b', { version: '3.1.0' })] })).toMatchObject({ ok: true, format: 'tools_list', manifests: [{ name: 'a', version: '3.0.0' }, { name: 'b', version: '3.1.0' }] });
    expect(importManifests({ ...tool('c'), version: '1.0.0' })).toMatchObject({ ok: true, format: 'manifest', manifests: [{ name: 'c' }] });
    expect(importManifests({ manifests: [{ ...tool('d'), version: '1.0.0' }] })).toMatchObject({ ok: true, manifests: [{ name: 'd' }] });
    expect(importManifests('text')).toMatchObject({ ok: false });
  });
});
