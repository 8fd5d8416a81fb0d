import { db } from '../db/client';

export interface ReleaseTool {
  name: string;
  version: string;
  toolVersionId: string;
  description: string | null;
  inputSchema: unknown;
  outputSchema: unknown | null;
}

export interface ReleaseFacts {
  id: string;
  name: string;
  createdAt: Date;
  tools: ReleaseTool[];
  /** Prompt names in the release (prompt_versions → prompts), for prompt suites. */
  prompts: Array<{ name: string; version: number }>;
}

/** The release with its tool versions (manifest, output schema) and prompts; null when unknown. */
export async function getReleaseFacts(releaseId: string): Promise<ReleaseFacts | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(releaseId)) return null;
  const release = await db().release.findUnique({ where: { id: releaseId } });
  if (!release) return null;
  const tools = await db().$queryRaw<Array<{ name: string; version: string; id: string; manifest: unknown; output_schema: unknown }>>`
    SELECT t.name, v.version, v.id::text AS id, v.manifest, v.output_schema
      FROM release_tool_versions r JOIN tool_versions v ON v.id = r.tool_version_id JOIN tools t ON t.id = r.tool_id
     WHERE r.release_id = ${releaseId} ORDER BY t.name`;
  const prompts = await db().$queryRaw<Array<{ name: string; version: number }>>`
    SELECT p.name, pv.version FROM release_prompt_versions r JOIN prompt_versions pv ON pv.id = r.prompt_version_id
      JOIN prompts p ON p.id = pv.prompt_id WHERE r.release_id = ${releaseId} ORDER BY p.name`;
  return {
    id: release.id, name: release.name, createdAt: release.createdAt,
    tools: tools.map((row) => {
      const manifest = (row.manifest ?? {}) as { description?: unknown; inputSchema?: unknown; outputSchema?: unknown };
      return {
        name: row.name, version: row.version, toolVersionId: row.id,
        description: typeof manifest.description === 'string' ? manifest.description : null,
        inputSchema: manifest.inputSchema, outputSchema: row.output_schema ?? manifest.outputSchema ?? null,
      };
    }),
    prompts,
  };
}
