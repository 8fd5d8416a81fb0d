import { db } from '../db/client';

export interface LikelyCause {
  tool: string;
  from: string | null;
  to: string;
  /** Console path of the change: the tool's version comparison in the registry. */
  link: string;
  explanation: string;
}

/** The release production runs now, if any. */
async function productionReleaseId(): Promise<string | null> {
  const rows = await db().$queryRaw<Array<{ release_id: string }>>`
    SELECT d.release_id FROM environment_releases e JOIN deployments d ON d.id = e.deployment_id WHERE e.environment = 'production'`;
  return rows[0]?.release_id ?? null;
}

async function toolVersionIn(releaseId: string, tool: string): Promise<string | null> {
  const rows = await db().$queryRaw<Array<{ version: string }>>`
    SELECT v.version FROM release_tool_versions r JOIN tool_versions v ON v.id = r.tool_version_id JOIN tools t ON t.id = r.tool_id
     WHERE r.release_id = ${releaseId} AND t.name = ${tool}`;
  return rows[0]?.version ?? null;
}

/**
 * For a failing case: the change of its tool between what production runs and this release — the
 * diff most likely to have caused it. When the version is the same, the cause is elsewhere (the
 * suite changed, or the staging server does not run what the registry says) and that is said.
 */
export async function likelyCauseFor(releaseId: string, tool: string, version: string): Promise<LikelyCause> {
  const production = await productionReleaseId();
  const from = production && production !== releaseId ? await toolVersionIn(production, tool) : null;
  const link = `/registry/tools/${encodeURIComponent(tool)}?${new URLSearchParams({ ...(from ? { from } : {}), to: version, view: 'diff' })}`;
  const explanation = from === null
    ? `${tool} ${version} is new in this release (production has no version of it)`
    : from === version
      ? `${tool} is ${version} in production too: the failure is not from a tool change`
      : `${tool} changed from ${from} (production) to ${version} in this release`;
  return { tool, from, to: version, link, explanation };
}
