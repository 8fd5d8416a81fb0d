import { db } from '../db/client';

/**
 * Contract C4: a registered tool version's input schema hash (what executions report as
 * `input_schema_hash`) and output schema, or null when that name/version is not registered.
 */
export async function findToolVersion(name: string, version: string): Promise<{ id: string; inputSchemaHash: string; outputSchema: unknown | null; manifestHash: string } | null> {
  const tool = await db().tool.findUnique({ where: { name }, select: { id: true } });
  if (!tool) return null;
  const row = await db().toolVersion.findUnique({
    where: { toolId_version: { toolId: tool.id, version } },
    select: { id: true, inputSchemaHash: true, outputSchema: true, manifestHash: true },
  });
  return row ? { id: row.id, inputSchemaHash: row.inputSchemaHash, outputSchema: row.outputSchema ?? null, manifestHash: row.manifestHash } : null;
}
