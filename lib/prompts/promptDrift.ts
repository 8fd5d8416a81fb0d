import type { Environment } from '../environment';
import { canonicalTemplate } from './canonicalForm';
import { renderTemplate } from './templateVariables';

/**
 * Prompt drift (issue #8): does what an execution reports about its prompt match the registry?
 * Pure decisions over a registry snapshot, so the detector (lib/detect/detectors/promptDrift.ts)
 * stays a thin adapter and every rule is unit-testable.
 */

/** A label may have just moved: a version that held it this long before the call still counts. */
export const LABEL_GRACE_MS = 15 * 60_000;

export interface RegisteredVersion {
  id: string;
  version: number;
  tag: string | null;
  checksum: string;
  templateChecksum: string;
  template: string;
}

export interface RegisteredPrompt {
  id: string;
  name: string;
  versions: RegisteredVersion[];
  /** The version id the execution's environment is labelled with, if any. */
  labelledVersionId: string | null;
  /** Version ids that held the label until less than LABEL_GRACE_MS before `at` (from prompt_label_moves). */
  recentlyLabelled(versionId: string, at: Date): Promise<boolean>;
}

export interface ObservedPromptUse {
  environment: Environment;
  seq: number;
  timestamp: Date;
  promptName: string;
  promptVersion: string | null;
  promptChecksum: string | null;
  prompt: string | null;
  arguments: unknown;
}

export type DriftKind = 'unregistered_name' | 'unknown_checksum' | 'unknown_version' | 'not_labelled' | 'rendered_mismatch';

export interface DriftFinding {
  kind: DriftKind;
  title: string;
  explanation: string;
  /** The registered version the diff compares against (null: nothing registered). */
  compareWith: number | null;
  dedupeKey: string;
}

const short = (checksum: string) => `${checksum.slice(0, 12)}…`;
const argumentsOf = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {});

/** The console path of the diff between a registered version and what an execution observed. */
export function driftDiffLink(promptName: string, compareWith: number | null, environment: Environment, seq: number): string {
  const from = compareWith === null ? '' : `from=${compareWith}&`;
  return `/prompts/${encodeURIComponent(promptName)}/diff?${from}observed=${environment}/${seq}`;
}

/** The registered template with the execution's arguments filled in: what the server should have sent. */
export function expectedRendering(template: string, args: unknown): string {
  return renderTemplate(template, argumentsOf(args));
}

function matchVersion(prompt: RegisteredPrompt, use: ObservedPromptUse): RegisteredVersion | null | 'unknown' {
  if (use.promptChecksum) {
    const checksum = use.promptChecksum.toLowerCase();
    return prompt.versions.find((v) => v.checksum === checksum || v.templateChecksum === checksum) ?? 'unknown';
  }
  if (use.promptVersion) {
    const ref = use.promptVersion.replace(/^v(?=\d)/, '');
    return prompt.versions.find((v) => String(v.version) === ref || v.tag === ref) ?? 'unknown';
  }
  return null;
}

/** What is wrong with one prompt use, or null when it matches the registry and its label. */
export async function judgePromptUse(use: ObservedPromptUse, prompt: RegisteredPrompt | null): Promise<DriftFinding | null> {
  const name = use.promptName;
  if (!prompt || prompt.versions.length === 0) {
    return {
      kind: 'unregistered_name', compareWith: null, dedupeKey: `prompt_drift|unregistered|${name}`,
      title: `Unregistered prompt ${name} used in ${use.environment}`,
      explanation: `Execution ${use.seq} fetched prompt “${name}”${use.promptVersion ? ` (version ${use.promptVersion})` : ''}, which is not in the prompt registry: nobody reviewed or approved it.`,
    };
  }
  const labelled = prompt.versions.find((v) => v.id === prompt.labelledVersionId) ?? null;
  const reference = labelled ?? prompt.versions.reduce((a, b) => (a.version > b.version ? a : b));
  const matched = matchVersion(prompt, use);
  if (matched === 'unknown') {
    const byChecksum = Boolean(use.promptChecksum);
    return {
      kind: byChecksum ? 'unknown_checksum' : 'unknown_version', compareWith: reference.version,
      dedupeKey: byChecksum ? `prompt_drift|checksum|${name}#${use.promptChecksum!.toLowerCase()}` : `prompt_drift|version|${name}#${use.promptVersion}`,
      title: byChecksum ? `Prompt ${name} runs with an unregistered checksum in ${use.environment}` : `Prompt ${name} reports unregistered version ${use.promptVersion} in ${use.environment}`,
      explanation: byChecksum
        ? `Execution ${use.seq} reports checksum ${short(use.promptChecksum!)}${use.promptVersion ? ` for version ${use.promptVersion}` : ''}, which matches none of the ${prompt.versions.length} registered versions of ${name}: the prompt was changed outside the registry. Compared with v${reference.version}${labelled ? ` (labelled ${use.environment})` : ' (latest)'}.`
        : `Execution ${use.seq} reports version ${use.promptVersion} of ${name}, which is neither a version number nor a tag in the registry.`,
    };
  }
  if (matched === null) return null; // nothing reported to check against
  if (matched.id !== prompt.labelledVersionId && !(await prompt.recentlyLabelled(matched.id, use.timestamp))) {
    return {
      kind: 'not_labelled', compareWith: labelled?.version ?? matched.version, dedupeKey: `prompt_drift|label|${name}#${matched.version}`,
      title: `Prompt ${name} v${matched.version} runs in ${use.environment} without the ${use.environment} label`,
      explanation: labelled
        ? `Execution ${use.seq} used v${matched.version}${matched.tag ? ` (${matched.tag})` : ''}, but ${use.environment} is labelled v${labelled.version}${labelled.tag ? ` (${labelled.tag})` : ''}: a version ran where it was not approved.`
        : `Execution ${use.seq} used v${matched.version}, but no version of ${name} is labelled ${use.environment}: it was never approved there.`,
    };
  }
  // A server may report the right checksum and still send other text: compare the rendering itself.
  if (use.prompt) {
    const expected = expectedRendering(matched.template, use.arguments);
    const unfilled = /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/.test(expected);
    if (!unfilled && canonicalTemplate(expected) !== canonicalTemplate(use.prompt)) {
      return {
        kind: 'rendered_mismatch', compareWith: matched.version, dedupeKey: `prompt_drift|rendered|${name}#${matched.version}`,
        title: `Prompt ${name} v${matched.version} was sent with text that differs from the registered template`,
        explanation: `Execution ${use.seq} reports v${matched.version}'s checksum, but the prompt it sent is not v${matched.version}'s template filled with the call's arguments.`,
      };
    }
  }
  return null;
}
