import { z } from 'zod';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { canonicalJson } from '../ledger/canonicalJson';
import { consoleActor } from './actors';
import { sha256Hex } from './manifest';
import { toModelConfigVersionView } from './modelConfigViews';
import { parseInput, type RegistryActor, type RegistryResult } from './results';
import type { ModelConfigVersionView } from './views';

const identifier = (what: string) => z.string({ error: `give the ${what}` }).trim().min(1, `give the ${what}`).max(200, 'at most 200 characters');
const parameters = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

// Forms send parameters and fallbacks as JSON text; the API sends objects.
const jsonText = <T extends z.ZodType>(schema: T) => z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return Symbol.for('invalid-json');
  }
}, schema);

export const modelConfigInput = z.object({
  name: z.string({ error: 'name the model config' }).trim().regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'use 1–100 of A–Z a–z 0–9 _ . : / -'),
  provider: identifier('provider'),
  modelId: identifier('model id'),
  parameters: jsonText(parameters.optional()).default({}),
  fallbacks: jsonText(z.array(z.object({ provider: identifier('provider'), modelId: identifier('model id'), parameters: parameters.optional() }).strict(), { error: 'must be a JSON array of {provider, modelId, parameters?}' }).max(10, 'at most 10 fallbacks').optional()).default([]),
  notes: z.string().trim().max(2000, 'at most 2,000 characters').optional().default(''),
});

/**
 * Adds a version to a model config (creating the config on first use). Versions are numbered 1, 2, …
 * under a lock on the config; pushing what the latest version already says adds nothing.
 */
export async function createModelConfigVersion(input: unknown, actor: RegistryActor): Promise<RegistryResult<{ version: ModelConfigVersionView; created: boolean }>> {
  const parsed = parseInput(modelConfigInput, input);
  if (!parsed.ok) return parsed;
  const { name, provider, modelId, notes } = parsed.value;
  const params = parsed.value.parameters ?? {};
  const fallbacks = parsed.value.fallbacks ?? [];
  const contentHash = sha256Hex(canonicalJson({ provider, modelId, parameters: params, fallbacks }));
  const outcome = await db().$transaction(async (tx) => {
    await tx.modelConfig.createMany({ data: [{ name, createdBy: actor.email }], skipDuplicates: true });
    const [config] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM model_configs WHERE name = ${name} FOR UPDATE`;
    const latest = await tx.modelConfigVersion.findFirst({ where: { modelConfigId: config!.id }, orderBy: { version: 'desc' } });
    if (latest?.contentHash === contentHash) return { row: latest, created: false };
    const row = await tx.modelConfigVersion.create({
      data: {
        modelConfigId: config!.id, version: (latest?.version ?? 0) + 1, provider, modelId, parameters: params as Prisma.InputJsonValue,
        fallbacks: fallbacks as unknown as Prisma.InputJsonValue, contentHash, notes, createdBy: actor.email, createdById: actor.id,
      },
    });
    return { row, created: true };
  });
  if (outcome.created) {
    await recordConsoleAction({
      actor: consoleActor(actor), action: 'model_config.version_created', target: `model_config:${name}@${outcome.row.version}`,
      details: { provider, model_id: modelId, fallbacks: fallbacks.map((fallback) => `${fallback.provider}/${fallback.modelId}`), content_sha256: contentHash },
    });
  }
  return { ok: true, value: { version: toModelConfigVersionView(outcome.row, name), created: outcome.created } };
}
