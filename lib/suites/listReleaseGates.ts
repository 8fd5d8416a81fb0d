import { db } from '../db/client';
import { getReleaseGateResult } from './getReleaseGateResult';
import type { ReleaseGateResult } from './gateTypes';

export interface ReleaseGateRow {
  id: string;
  name: string;
  createdAt: Date;
  tools: string[];
  gate: ReleaseGateResult;
}

/** The newest releases with their tool versions and suite gate, for the Run suites list. */
export async function listReleaseGates(limit = 20): Promise<ReleaseGateRow[]> {
  const releases = await db().release.findMany({ orderBy: { createdAt: 'desc' }, take: limit });
  return Promise.all(releases.map(async (release) => {
    const tools = await db().$queryRaw<Array<{ label: string }>>`
      SELECT t.name || ' ' || v.version AS label FROM release_tool_versions r JOIN tool_versions v ON v.id = r.tool_version_id JOIN tools t ON t.id = r.tool_id
       WHERE r.release_id = ${release.id} ORDER BY t.name`;
    return { id: release.id, name: release.name, createdAt: release.createdAt, tools: tools.map((tool) => tool.label), gate: await getReleaseGateResult(release.id) };
  }));
}
