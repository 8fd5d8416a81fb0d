import { db } from '../db/client';
import { toModelConfigVersionView } from './modelConfigViews';
import type { ModelConfigVersionView } from './views';

/** Every model config with its versions, newest first. */
export async function listModelConfigs(): Promise<Array<{ id: string; name: string; versions: ModelConfigVersionView[] }>> {
  const [configs, versions] = await Promise.all([db().modelConfig.findMany({ orderBy: { name: 'asc' } }), db().modelConfigVersion.findMany({ orderBy: { version: 'desc' } })]);
  return configs.map((config) => ({
    id: config.id, name: config.name,
    versions: versions.filter((version) => version.modelConfigId === config.id).map((version) => toModelConfigVersionView(version, config.name)),
  }));
}
