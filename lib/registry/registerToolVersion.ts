import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { consoleActor } from './actors';
import { manifestHashes, normaliseManifest, toolManifestInput, type ToolManifest } from './manifest';
import { parseInput, refused, type RegistryActor, type RegistryResult } from './results';
import { compareSemVer, parseSemVer } from './semver';
import { judgeBump, type ManifestChange } from './versionPolicy';

export type ManifestSource = 'console' | 'api' | 'mcp_registry';

export interface RegisteredToolVersion {
  toolVersionId: string;
  name: string;
  version: string;
  created: boolean;
  inputSchemaHash: string;
  manifestHash: string;
  previousVersion: string | null;
  changes: ManifestChange[];
}

/** Thrown inside the transaction to roll it back with a refusal. */
class Refusal extends Error {
  constructor(readonly result: RegistryResult<never>) {
    super(result.ok ? '' : result.message);
  }
}

/**
 * Registers one tool version from its manifest. Versions are immutable: the same version with the
 * same manifest is accepted again as a no-op (CI re-runs), with another manifest it is refused. The
 * semver step from the predecessor must fit the changes (versionPolicy.judgeBump), else the push is
 * refused with the reason. The tool row is locked meanwhile, so concurrent pushes judge in turn.
 */
export async function registerToolVersion(input: unknown, actor: RegistryActor, source: ManifestSource = 'console'): Promise<RegistryResult<RegisteredToolVersion>> {
  const parsed = parseInput(toolManifestInput, input);
  if (!parsed.ok) return parsed;
  const manifest = normaliseManifest(parsed.value);
  const { manifestHash, inputSchemaHash } = manifestHashes(manifest);
  const semver = parseSemVer(manifest.version)!;
  let outcome: { result: RegisteredToolVersion; newTool: boolean };
  try {
    outcome = await db().$transaction(async (tx) => {
      await tx.tool.createMany({ data: [{ name: manifest.name, owner: parsed.value.owner ?? actor.email, createdBy: actor.email }], skipDuplicates: true });
      const [tool] = await tx.$queryRaw<Array<{ id: string; created_now: boolean }>>`
        SELECT id, xmin = pg_current_xact_id()::xid AS created_now FROM tools WHERE name = ${manifest.name} FOR UPDATE`;
      const versions = await tx.toolVersion.findMany({ where: { toolId: tool!.id } });
      const existing = versions.find((row) => row.version === manifest.version);
      if (existing) {
        if (existing.manifestHash !== manifestHash) {
          throw new Refusal(refused('version', `${manifest.name} ${manifest.version} is already registered with a different manifest (sha256 ${existing.manifestHash.slice(0, 12)}…); versions are immutable: register the change as a new version`, 409));
        }
        return { newTool: false, result: { toolVersionId: existing.id, name: manifest.name, version: existing.version, created: false, inputSchemaHash, manifestHash, previousVersion: null, changes: [] } };
      }
      const predecessor = versions
        .map((row) => ({ row, semver: parseSemVer(row.version)! }))
        .filter((candidate) => compareSemVer(candidate.semver, semver) < 0)
        .sort((a, b) => compareSemVer(b.semver, a.semver))[0];
      let changes: ManifestChange[] = [];
      if (predecessor) {
        const verdict = judgeBump(predecessor.row.manifest as unknown as ToolManifest, manifest);
        if (!verdict.ok) throw new Refusal({ ...refused('version', verdict.reason!, 422), fields: { version: [verdict.reason!] } });
        changes = verdict.changes;
      }
      const created = await tx.toolVersion.create({
        data: {
          toolId: tool!.id, version: manifest.version, major: semver.major, minor: semver.minor, patch: semver.patch, prerelease: semver.prerelease,
          manifest: manifest as unknown as Prisma.InputJsonValue, manifestHash, inputSchemaHash,
          outputSchema: (manifest.outputSchema ?? undefined) as Prisma.InputJsonValue | undefined, source, createdBy: actor.email, createdById: actor.id,
        },
      });
      return { newTool: tool!.created_now, result: { toolVersionId: created.id, name: manifest.name, version: manifest.version, created: true, inputSchemaHash, manifestHash, previousVersion: predecessor?.row.version ?? null, changes } };
    });
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
  if (outcome.result.created) {
    if (outcome.newTool) await recordConsoleAction({ actor: consoleActor(actor), action: 'tool.registered', target: `tool:${manifest.name}`, details: { owner: parsed.value.owner ?? actor.email } });
    await recordConsoleAction({
      actor: consoleActor(actor), action: 'tool.version_registered', target: `tool:${manifest.name}@${manifest.version}`,
      details: {
        source, manifest_sha256: manifestHash, input_schema_hash: inputSchemaHash, previous_version: outcome.result.previousVersion,
        changes: outcome.result.changes.filter((change) => change.severity !== 'cosmetic').length,
      },
    });
  }
  return { ok: true, value: outcome.result };
}

/** Registers several manifests in version order per tool (so 1.0.0 lands before 2.0.0); stops at the first refusal. */
export async function registerToolVersions(inputs: unknown[], actor: RegistryActor, source: ManifestSource): Promise<{ registered: RegisteredToolVersion[]; refusal: { index: number; name: string | null; version: string | null; message: string; fields: Record<string, string[]>; status: number } | null }> {
  const ordered = inputs.map((input, index) => ({ input, index })).sort((a, b) => {
    const name = (value: unknown) => String((value as { name?: unknown })?.name ?? '');
    const version = (value: unknown) => parseSemVer(String((value as { version?: unknown })?.version ?? ''));
    const byName = name(a.input).localeCompare(name(b.input));
    const [va, vb] = [version(a.input), version(b.input)];
    return byName || (va && vb ? compareSemVer(va, vb) : 0);
  });
  const registered: RegisteredToolVersion[] = [];
  for (const { input, index } of ordered) {
    const result = await registerToolVersion(input, actor, source);
    if (!result.ok) {
      const value = input as { name?: unknown; version?: unknown };
      return { registered, refusal: { index, name: typeof value?.name === 'string' ? value.name : null, version: typeof value?.version === 'string' ? value.version : null, message: result.message, fields: result.fields, status: result.status ?? 400 } };
    }
    registered.push(result.value);
  }
  return { registered, refusal: null };
}
