import { db } from '../db/client';
import { getPromptVersionsByIds } from '../prompts';
import { getModelConfigVersions } from './modelConfigViews';
import type { PolicyVersionRef, ReleaseView, ToolVersionRef } from './views';

/** Contract C4: one release with its whole bundle, or null. */
export async function getRelease(id: string): Promise<ReleaseView | null> {
  return (await getReleases([id])).get(id) ?? null;
}

/** Several releases by id, each with its bundle (tools by name, prompts by name). */
export async function getReleases(ids: string[]): Promise<Map<string, ReleaseView>> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/.test(id));
  if (unique.length === 0) return new Map();
  const releases = await db().release.findMany({ where: { id: { in: unique } } });
  if (releases.length === 0) return new Map();
  const releaseIds = releases.map((release) => release.id);
  const [toolLinks, promptLinks] = await Promise.all([
    db().releaseToolVersion.findMany({ where: { releaseId: { in: releaseIds } } }),
    db().releasePromptVersion.findMany({ where: { releaseId: { in: releaseIds } } }),
  ]);
  const [versions, tools, prompts, models] = await Promise.all([
    db().toolVersion.findMany({ where: { id: { in: toolLinks.map((link) => link.toolVersionId) } } }),
    db().tool.findMany({ where: { id: { in: [...new Set(toolLinks.map((link) => link.toolId))] } } }),
    getPromptVersionsByIds(promptLinks.map((link) => link.promptVersionId)),
    getModelConfigVersions(releases.flatMap((release) => (release.modelConfigVersionId ? [release.modelConfigVersionId] : []))),
  ]);
  const toolNames = new Map(tools.map((tool) => [tool.id, tool.name]));
  const toolRefs = new Map<string, ToolVersionRef>(versions.map((version) => [version.id, {
    toolId: version.toolId, toolVersionId: version.id, name: toolNames.get(version.toolId) ?? '', version: version.version,
    inputSchemaHash: version.inputSchemaHash, manifestHash: version.manifestHash,
  }]));
  const promptRefs = new Map(prompts.map((prompt) => [prompt.id, {
    promptVersionId: prompt.id, promptId: prompt.promptId, name: prompt.promptName, version: prompt.version, checksum: prompt.checksum,
  }]));
  return new Map(releases.map((release) => [release.id, {
    id: release.id, name: release.name, notes: release.notes, contentHash: release.contentHash, createdBy: release.createdBy, createdAt: release.createdAt,
    tools: toolLinks.filter((link) => link.releaseId === release.id).flatMap((link) => toolRefs.get(link.toolVersionId) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
    prompts: promptLinks.filter((link) => link.releaseId === release.id).flatMap((link) => promptRefs.get(link.promptVersionId) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
    modelConfig: release.modelConfigVersionId ? models.get(release.modelConfigVersionId) ?? null : null,
    policyVersions: (release.policyVersions ?? []) as unknown as PolicyVersionRef[],
  }]));
}
