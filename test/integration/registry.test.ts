import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/ledger/canonicalJson';
import { sha256Hex } from '../../lib/mcp/callRecord';
import { toolFacts } from '../../lib/mcp/toolCatalogue';
import {
  createModelConfigVersion, createRelease, deployToStaging, findToolVersion, getActiveRelease, getRelease, registerToolVersion, registerToolVersions,
} from '../../lib/registry';
import { freshDatabase } from '../support/freshDatabase';
import { sql } from '../support/ingestFixtures';
import { ADMIN, must, readFileSchema, seedReleases, sessionUser, toolManifest } from '../support/registryFixtures';

const actions = (action: string) => sql<{ actor: string; target: string; details: Record<string, unknown> }>('SELECT actor, target, details FROM console_actions WHERE action = $1 ORDER BY seq', [action]);

beforeAll(async () => {
  await freshDatabase();
});

describe('tool versions under semver', () => {
  it('registers a manifest, hashes its input schema the way the MCP recorder does, and finds it (C4)', async () => {
    const registered = await must(registerToolVersion(toolManifest('read_file', '1.2.0'), ADMIN));
    expect(registered).toMatchObject({ name: 'read_file', version: '1.2.0', created: true, previousVersion: null });
    const recorderHash = toolFacts({ name: 'read_file', inputSchema: readFileSchema() }).inputSchemaHash;
    expect(registered.inputSchemaHash).toBe(recorderHash);
    expect(registered.inputSchemaHash).toBe(sha256Hex(canonicalJson(readFileSchema())));
    expect(await findToolVersion('read_file', '1.2.0')).toMatchObject({ inputSchemaHash: recorderHash, outputSchema: null });
    expect(await findToolVersion('read_file', '9.9.9')).toBeNull();
    expect(await findToolVersion('nope', '1.2.0')).toBeNull();
    expect((await actions('tool.version_registered')).map((row) => row.target)).toEqual(['tool:read_file@1.2.0']);
  });

  it('accepts the same version with the same manifest again (CI re-runs) and refuses another manifest under it', async () => {
    expect(await must(registerToolVersion(toolManifest('read_file', '1.2.0'), ADMIN))).toMatchObject({ created: false });
    const changed = await registerToolVersion(toolManifest('read_file', '1.2.0', readFileSchema(), { description: 'other' }), ADMIN);
    expect(changed).toMatchObject({ ok: false, status: 409 });
    expect((changed as { message: string }).message).toContain('versions are immutable');
  });

  it('refuses a breaking change registered as a minor with the reason, and records nothing; accepts it as a major', async () => {
    const before = (await actions('tool.version_registered')).length;
    const minor = await registerToolVersion(toolManifest('read_file', '1.3.0', readFileSchema(['path', 'encoding'])), ADMIN);
    expect(minor).toMatchObject({ ok: false, status: 422 });
    expect((minor as { message: string }).message).toBe(
      'read_file 1.3.0 is a minor step from 1.2.0, but it makes 1 breaking change that needs a major version (at least 2.0.0): field `encoding` became required [required_added].');
    expect(await findToolVersion('read_file', '1.3.0')).toBeNull();
    expect((await actions('tool.version_registered')).length).toBe(before);
    const major = await must(registerToolVersion(toolManifest('read_file', '2.0.0', readFileSchema(['path', 'encoding'])), ADMIN));
    expect(major).toMatchObject({ created: true, previousVersion: '1.2.0' });
    expect(major.changes.map((change) => change.rule)).toEqual(['required_added']);
  });

  it('judges a backport against its own line, and a batch in version order', async () => {
    // 1.2.1 follows 1.2.0 (not 2.0.0): a cosmetic patch is fine there.
    expect(await must(registerToolVersion(toolManifest('read_file', '1.2.1', readFileSchema(), { description: 'fixed typo' }), ADMIN))).toMatchObject({ previousVersion: '1.2.0' });
    const batch = await registerToolVersions([
      toolManifest('search_docs', '2.0.0', { type: 'object', properties: { q: { type: 'integer' } } }),
      toolManifest('search_docs', '1.0.0', { type: 'object', properties: { q: { type: 'number' } } }),
      toolManifest('search_docs', '2.1.0', { type: 'object', properties: {} }),
    ], ADMIN, 'api');
    expect(batch.registered.map((row) => row.version)).toEqual(['1.0.0', '2.0.0']);
    expect(batch.refusal).toMatchObject({ index: 2, name: 'search_docs', version: '2.1.0', status: 422 });
    expect(batch.refusal!.message).toContain('field `q` removed [property_removed]');
  });

  it('refuses malformed manifests field by field', async () => {
    const result = await registerToolVersion({ name: 'bad name!', version: '1.0', description: '', inputSchema: { type: 'string' } }, ADMIN);
    expect(result.ok).toBe(false);
    expect(Object.keys((result as { fields: object }).fields).sort()).toEqual(['description', 'inputSchema', 'name', 'version']);
  });
});

describe('immutability in the database', () => {
  let releaseId: string;
  beforeAll(async () => {
    releaseId = (await must(createRelease({ name: 'imm-1', tools: ['read_file@1.2.0'] }, ADMIN))).id;
    await must(createModelConfigVersion({ name: 'imm-model', provider: 'openai', modelId: 'gpt-4.1' }, ADMIN));
  });

  const refusedBy = async (text: string, values: unknown[] = []) => {
    await expect(sql(text, values)).rejects.toThrow(/warden: /);
  };

  it('rejects UPDATE, DELETE and TRUNCATE of tool versions, model config versions, releases and their bundles', async () => {
    await refusedBy(`UPDATE tool_versions SET manifest = '{}'::jsonb`);
    await refusedBy(`DELETE FROM tool_versions`);
    await refusedBy(`TRUNCATE tool_versions CASCADE`);
    await refusedBy(`UPDATE releases SET notes = 'sneaky' WHERE id = $1`, [releaseId]);
    await refusedBy(`DELETE FROM releases WHERE id = $1`, [releaseId]);
    await refusedBy(`DELETE FROM release_tool_versions WHERE release_id = $1`, [releaseId]);
    await refusedBy(`UPDATE model_config_versions SET model_id = 'x'`);
  });

  it('seals a release: no bundle row can be added after the creating transaction', async () => {
    const other = (await sql<{ id: string; tool_id: string }>(`SELECT v.id, v.tool_id FROM tool_versions v JOIN tools t ON t.id = v.tool_id WHERE t.name = 'search_docs' LIMIT 1`))[0]!;
    await expect(sql(`INSERT INTO release_tool_versions (release_id, tool_version_id, tool_id) VALUES ($1, $2, $3)`, [releaseId, other.id, other.tool_id]))
      .rejects.toThrow(/is sealed/);
    expect((await getRelease(releaseId))!.tools.map((tool) => `${tool.name}@${tool.version}`)).toEqual(['read_file@1.2.0']);
  });

  it('keeps deployments append-only and the environment pointer moving forward only', async () => {
    await must(deployToStaging({ releaseId }, ADMIN));
    await refusedBy(`UPDATE deployments SET reason = 'x'`);
    await refusedBy(`DELETE FROM deployments`);
    await refusedBy(`UPDATE environment_releases SET deployment_id = NULL WHERE environment = 'staging'`);
    await refusedBy(`UPDATE environment_releases SET deployment_id = (SELECT id FROM deployments LIMIT 1) WHERE environment = 'production'`);
    expect((await getActiveRelease('staging'))!.release.id).toBe(releaseId);
    expect(await getActiveRelease('production')).toBeNull();
  });

  it('enforces the promotion state machine and the approver rules in the database too', async () => {
    const requester = await sessionUser('req@example.com', 'lead');
    const analyst = await sessionUser('ana@example.com', 'analyst');
    const [request] = await sql<{ id: string }>(
      `INSERT INTO promotion_requests (release_id, reason, requested_by, requested_by_id, required_approvals, expires_at)
       VALUES ($1, 'test', $2, $3, 1, now() + interval '1 hour') RETURNING id`, [releaseId, requester.email, requester.id]);
    await refusedBy(`INSERT INTO promotion_approvals (request_id, approver_id, approver, decision) VALUES ($1, $2, 'x', 'approved')`, [request!.id, requester.id]);
    await refusedBy(`INSERT INTO promotion_approvals (request_id, approver_id, approver, decision) VALUES ($1, $2, 'x', 'approved')`, [request!.id, analyst.id]);
    await refusedBy(`UPDATE promotion_requests SET status = 'deployed' WHERE id = $1`, [request!.id]);
    await refusedBy(`UPDATE promotion_requests SET reason = 'changed' WHERE id = $1`, [request!.id]);
    await sql(`UPDATE promotion_requests SET status = 'rejected' WHERE id = $1`, [request!.id]);
    await refusedBy(`UPDATE promotion_requests SET status = 'approved' WHERE id = $1`, [request!.id]);
    await refusedBy(`DELETE FROM promotion_requests WHERE id = $1`, [request!.id]);
  });
});

describe('releases', () => {
  it('bundle tools, prompts and a model config with a content hash; refuse duplicates and unknown parts', async () => {
    const { releases } = await seedReleases(1, 'bundle');
    const release = (await getRelease(releases[0]!.id))!;
    expect(release.tools.map((tool) => `${tool.name}@${tool.version}`)).toEqual(['bundle_read_file@1.1.0', 'bundle_search@1.0.0']);
    expect(release.prompts.map((prompt) => `${prompt.name}@${prompt.version}`)).toEqual(['bundle-system@2']);
    expect(release.modelConfig).toMatchObject({ name: 'bundle-main', version: 1, provider: 'openai', modelId: 'gpt-4.1' });
    expect(release.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await createRelease({ name: 'bundle-1', tools: ['bundle_search@1.0.0'] }, ADMIN)).toMatchObject({ ok: false, status: 409 });
    expect(await createRelease({ name: 'two-versions', tools: ['bundle_read_file@1.0.0', 'bundle_read_file@1.1.0'] }, ADMIN)).toMatchObject({ ok: false, fields: { tools: ['a release carries one version of each tool'] } });
    expect(await createRelease({ name: 'ghost', tools: ['ghost@1.0.0'] }, ADMIN)).toMatchObject({ ok: false, fields: { tools: ['not registered: ghost@1.0.0'] } });
    expect((await actions('release.created')).map((row) => row.details.name)).toContain('bundle-1');
  });
});
