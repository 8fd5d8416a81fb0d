import { db } from '../db/client';
import { compareSemVer, parseSemVer } from './semver';

export interface ToolVersionSummary {
  id: string;
  version: string;
  description: string;
  inputSchemaHash: string;
  manifestHash: string;
  source: string;
  createdBy: string;
  createdAt: Date;
}

export interface ToolSummary {
  id: string;
  name: string;
  owner: string;
  versions: ToolVersionSummary[];
}

/** Every tool with its versions, newest version first. */
export async function listTools(): Promise<ToolSummary[]> {
  const [tools, versions] = await Promise.all([db().tool.findMany({ orderBy: { name: 'asc' } }), db().toolVersion.findMany()]);
  return tools.map((tool) => ({
    id: tool.id, name: tool.name, owner: tool.owner,
    versions: versions.filter((version) => version.toolId === tool.id)
      .sort((a, b) => compareSemVer(parseSemVer(b.version)!, parseSemVer(a.version)!))
      .map((version) => ({
        id: version.id, version: version.version, description: String((version.manifest as { description?: unknown }).description ?? ''),
        inputSchemaHash: version.inputSchemaHash, manifestHash: version.manifestHash, source: version.source, createdBy: version.createdBy, createdAt: version.createdAt,
      })),
  }));
}

/** One version's stored manifest (what the diff view shows), by tool name and version. */
export async function getToolManifest(name: string, version: string): Promise<{ manifest: Record<string, unknown>; manifestHash: string } | null> {
  const tool = await db().tool.findUnique({ where: { name } });
  if (!tool) return null;
  const row = await db().toolVersion.findUnique({ where: { toolId_version: { toolId: tool.id, version } } });
  return row ? { manifest: row.manifest as Record<string, unknown>, manifestHash: row.manifestHash } : null;
}
