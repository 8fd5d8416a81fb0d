import { canonicalJson } from '../ledger/canonicalJson';
import type { ToolManifest } from './manifest';
import { compareSchemas, type SchemaChange } from './schemaChanges';
import { bumpKind, nextVersion, parseSemVer, type Bump } from './semver';

export interface ManifestChange extends SchemaChange {
  /** Which part of the manifest: the input schema, the output schema, or the rest. */
  part: 'inputSchema' | 'outputSchema' | 'manifest';
}

export interface BumpVerdict {
  ok: boolean;
  previousVersion: string;
  version: string;
  bump: Bump;
  required: Bump;
  changes: ManifestChange[];
  /** One paragraph a CI log or a form shows when `ok` is false. */
  reason: string | null;
}

const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Every change from one manifest to the next, breaking first. */
export function manifestChanges(previous: ToolManifest, next: ToolManifest): ManifestChange[] {
  const changes: ManifestChange[] = [
    ...compareSchemas(previous.inputSchema, next.inputSchema, 'input').map((change) => ({ ...change, part: 'inputSchema' as const })),
    ...compareSchemas(previous.outputSchema, next.outputSchema, 'output').map((change) => ({ ...change, part: 'outputSchema' as const })),
  ];
  if (previous.outputSchema !== undefined && next.outputSchema === undefined) {
    changes.push({ part: 'outputSchema', severity: 'breaking', rule: 'property_removed', path: '', message: 'the output schema was removed: callers lose the structured output they read' });
  }
  for (const field of ['title', 'description'] as const) {
    if (!same(previous[field], next[field])) changes.push({ part: 'manifest', severity: 'cosmetic', rule: 'annotation_changed', path: '', message: `${field} changed` });
  }
  if (!same(previous.annotations, next.annotations)) changes.push({ part: 'manifest', severity: 'cosmetic', rule: 'annotation_changed', path: '', message: 'annotations changed' });
  const order = { breaking: 0, additive: 1, cosmetic: 2 };
  return changes.sort((x, y) => order[x.severity] - order[y.severity]);
}

/**
 * Semver enforcement: breaking changes need a major step (at 0.x a minor one), additive ones at
 * least a minor (at 0.x a patch), anything else any step. Compared against the version's
 * predecessor (the highest registered version below it), so a backport to an older line is judged
 * against that line.
 */
export function judgeBump(previous: ToolManifest, next: ToolManifest): BumpVerdict {
  const before = parseSemVer(previous.version)!;
  const after = parseSemVer(next.version)!;
  const changes = manifestChanges(previous, next);
  const bump = bumpKind(before, after);
  let required: Bump = 'patch';
  if (changes.some((change) => change.severity === 'breaking')) required = 'major';
  else if (changes.some((change) => change.severity === 'additive')) required = before.major === 0 ? 'patch' : 'minor';
  const ok = RANK[bump] >= RANK[required];
  let reason: string | null = null;
  if (!ok) {
    const relevant = changes.filter((change) => change.severity === (required === 'major' ? 'breaking' : 'additive'));
    const kind = required === 'major' ? 'breaking change' : 'addition';
    reason = `${next.name} ${next.version} is a ${bump} step from ${previous.version}, but it makes ${relevant.length} ${kind}${relevant.length > 1 ? 's' : ''} `
      + `that need${relevant.length > 1 ? '' : 's'} a ${required} version (at least ${nextVersion(before, required)}): `
      + relevant.map((change) => `${change.part === 'outputSchema' ? 'output: ' : ''}${change.message} [${change.rule}]`).join('; ') + '.';
  }
  return { ok, previousVersion: previous.version, version: next.version, bump, required, changes, reason };
}
