import { db } from '../db/client';
import type { ModelConfigVersion } from '../db/generated/client';
import type { ModelConfigVersionView, ModelFallback } from './views';

export function toModelConfigVersionView(row: ModelConfigVersion, name: string): ModelConfigVersionView {
  return {
    id: row.id, modelConfigId: row.modelConfigId, name, version: row.version, provider: row.provider, modelId: row.modelId,
    parameters: (row.parameters ?? {}) as Record<string, unknown>, fallbacks: (row.fallbacks ?? []) as unknown as ModelFallback[],
    contentHash: row.contentHash, notes: row.notes, createdBy: row.createdBy, createdAt: row.createdAt,
  };
}

export async function getModelConfigVersions(ids: string[]): Promise<Map<string, ModelConfigVersionView>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db().modelConfigVersion.findMany({ where: { id: { in: unique } } });
  const configs = await db().modelConfig.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.modelConfigId))] } } });
  const names = new Map(configs.map((config) => [config.id, config.name]));
  return new Map(rows.map((row) => [row.id, toModelConfigVersionView(row, names.get(row.modelConfigId) ?? '')]));
}
