import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { canonicalJson } from '../ledger/canonicalJson';
import { listAgentPolicies } from '../policies';
import { consoleActor } from './actors';
import { sha256Hex } from './manifest';
import { parseInput, refused, type RegistryActor, type RegistryResult } from './results';
import type { PolicyVersionRef } from './views';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Forms send one value per checkbox (FormData.getAll), the API an array; a single string is one item.
const list = z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value.filter((item) => item !== '') : [value]), z.array(z.string().trim().min(1)).max(500));

export const releaseInput = z.object({
  name: z.string({ error: 'name the release' }).trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,99}$/, 'use 1–100 of A–Z a–z 0–9 _ . + - (starting with a letter or digit)'),
  notes: z.string().trim().max(20_000, 'at most 20,000 characters').optional().default(''),
  /** Tool version ids, or `name@version`. */
  tools: list,
  /** Prompt version ids, or `name@version` (the prompt's version number). */
  prompts: list,
  /** A model config version id, or `name@version`; empty for none. */
  modelConfig: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().trim().optional()),
});

async function resolveTools(refs: string[]) {
  const ids = refs.filter((ref) => UUID.test(ref));
  const named = refs.filter((ref) => !UUID.test(ref)).map((ref) => {
    const at = ref.lastIndexOf('@');
    return at > 0 ? { ref, name: ref.slice(0, at), version: ref.slice(at + 1) } : { ref, name: ref, version: '' };
  });
  const tools = await db().tool.findMany({ where: { name: { in: named.map((item) => item.name) } } });
  const byName = new Map(tools.map((tool) => [tool.name, tool.id]));
  const versions = await db().toolVersion.findMany({
    where: { OR: [{ id: { in: ids } }, ...named.filter((item) => byName.has(item.name)).map((item) => ({ toolId: byName.get(item.name)!, version: item.version }))] },
  });
  const missing = [
    ...ids.filter((id) => !versions.some((version) => version.id === id)),
    ...named.filter((item) => !versions.some((version) => version.toolId === byName.get(item.name) && version.version === item.version)).map((item) => item.ref),
  ];
  return { versions, missing };
}

async function resolvePrompts(refs: string[]) {
  const ids = refs.filter((ref) => UUID.test(ref));
  const named = refs.filter((ref) => !UUID.test(ref)).map((ref) => {
    const at = ref.lastIndexOf('@');
    return { ref, name: at > 0 ? ref.slice(0, at) : ref, version: Number(at > 0 ? ref.slice(at + 1) : NaN) };
  });
  const prompts = await db().prompt.findMany({ where: { name: { in: named.map((item) => item.name) } } });
  const byName = new Map(prompts.map((prompt) => [prompt.name, prompt.id]));
  const versions = await db().promptVersion.findMany({
    where: { OR: [{ id: { in: ids } }, ...named.filter((item) => byName.has(item.name) && Number.isInteger(item.version)).map((item) => ({ promptId: byName.get(item.name)!, version: item.version }))] },
    select: { id: true, promptId: true, version: true, checksum: true },
  });
  const missing = [
    ...ids.filter((id) => !versions.some((version) => version.id === id)),
    ...named.filter((item) => !versions.some((version) => version.promptId === byName.get(item.name) && version.version === item.version)).map((item) => item.ref),
  ];
  return { versions, missing };
}

async function resolveModelConfig(ref: string | undefined) {
  if (!ref) return { version: null, missing: false };
  if (UUID.test(ref)) {
    const version = await db().modelConfigVersion.findUnique({ where: { id: ref } });
    return { version, missing: !version };
  }
  const at = ref.lastIndexOf('@');
  const config = await db().modelConfig.findUnique({ where: { name: at > 0 ? ref.slice(0, at) : ref } });
  if (!config) return { version: null, missing: true };
  const version = at > 0
    ? await db().modelConfigVersion.findUnique({ where: { modelConfigId_version: { modelConfigId: config.id, version: Number(ref.slice(at + 1)) || -1 } } })
    : await db().modelConfigVersion.findFirst({ where: { modelConfigId: config.id }, orderBy: { version: 'desc' } });
  return { version, missing: !version };
}

/**
 * Bundles registered tool versions, prompt versions, a model config version and the agent policies in
 * force now into an immutable release with a content hash. One version per tool and per prompt.
 */
export async function createRelease(input: unknown, actor: RegistryActor): Promise<RegistryResult<{ id: string; name: string; contentHash: string }>> {
  const parsed = parseInput(releaseInput, input);
  if (!parsed.ok) return parsed;
  const { name, notes } = parsed.value;
  if (parsed.value.tools.length === 0 && parsed.value.prompts.length === 0 && !parsed.value.modelConfig) {
    return refused('tools', 'a release bundles at least one tool version, prompt version or model config');
  }
  const [tools, prompts, model] = await Promise.all([resolveTools(parsed.value.tools), resolvePrompts(parsed.value.prompts), resolveModelConfig(parsed.value.modelConfig)]);
  if (tools.missing.length > 0) return refused('tools', `not registered: ${tools.missing.join(', ')}`);
  if (prompts.missing.length > 0) return refused('prompts', `no such prompt version: ${prompts.missing.join(', ')}`);
  if (model.missing) return refused('modelConfig', `no such model config version: ${parsed.value.modelConfig}`);
  const toolIds = tools.versions.map((version) => version.toolId);
  if (new Set(toolIds).size !== toolIds.length) return refused('tools', 'a release carries one version of each tool');
  const promptIds = prompts.versions.map((version) => version.promptId);
  if (new Set(promptIds).size !== promptIds.length) return refused('prompts', 'a release carries one version of each prompt');
  if (await db().release.findUnique({ where: { name } })) return refused('name', `a release named ${name} exists: releases are immutable, pick a new name`, 409);

  const policies: PolicyVersionRef[] = (await listAgentPolicies()).map((policy) => ({ agentId: policy.agentId, policyId: policy.id, version: policy.version }))
    .sort((a, b) => a.agentId.localeCompare(b.agentId));
  const toolNames = new Map((await db().tool.findMany({ where: { id: { in: toolIds } } })).map((tool) => [tool.id, tool.name]));
  const contentHash = sha256Hex(canonicalJson({
    tools: tools.versions.map((version) => ({ name: toolNames.get(version.toolId), version: version.version, manifest_sha256: version.manifestHash })).sort((a, b) => String(a.name).localeCompare(String(b.name))),
    prompts: prompts.versions.map((version) => ({ id: version.id, checksum: version.checksum })).sort((a, b) => a.id.localeCompare(b.id)),
    model_config: model.version ? { id: model.version.id, content_sha256: model.version.contentHash } : null,
    policies,
  }));
  const release = await db().$transaction(async (tx) => {
    const row = await tx.release.create({
      data: { name, notes, contentHash, modelConfigVersionId: model.version?.id ?? null, policyVersions: policies as unknown as Prisma.InputJsonValue, createdBy: actor.email, createdById: actor.id },
    });
    if (tools.versions.length > 0) await tx.releaseToolVersion.createMany({ data: tools.versions.map((version) => ({ releaseId: row.id, toolVersionId: version.id, toolId: version.toolId })) });
    if (prompts.versions.length > 0) await tx.releasePromptVersion.createMany({ data: prompts.versions.map((version) => ({ releaseId: row.id, promptVersionId: version.id })) });
    return row;
  });
  await recordConsoleAction({
    actor: consoleActor(actor), action: 'release.created', target: `release:${release.id}`,
    details: {
      name, content_sha256: contentHash,
      tools: tools.versions.map((version) => `${toolNames.get(version.toolId)}@${version.version}`).sort(),
      prompt_versions: prompts.versions.map((version) => version.id).sort(),
      model_config_version: model.version?.id ?? null, policies: policies.length,
    },
  });
  return { ok: true, value: { id: release.id, name, contentHash } };
}
