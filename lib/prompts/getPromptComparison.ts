import { isEnvironment, type Environment } from '../environment';
import { getExecution } from '../search/getExecution';
import { getPromptDetail, type PromptDetail } from './getPromptDetail';
import { expectedRendering, judgePromptUse, type RegisteredPrompt } from './promptDrift';
import type { PromptVersionView } from './promptViews';
import { parametersText } from './wordDiff';

/** One side of a comparison, ready for the diff viewer. */
export interface ComparisonSide {
  /** What the column header says, e.g. `v3 · production` or `observed · production #42`. */
  label: string;
  text: string;
  parameters: string;
  checksum: string | null;
  version: number | null;
}

export interface PromptComparison {
  promptName: string;
  prompt: PromptDetail | null;
  old: ComparisonSide;
  new: ComparisonSide;
  /** Facts a reader needs beside the diff (why these two, what is missing). */
  notes: string[];
  /** The normalised references, for permalinks. */
  fromVersion: number | null;
  toVersion: number | null;
  observed: { environment: Environment; seq: number; finding: string | null } | null;
}

const labelsOf = (prompt: PromptDetail, version: number) =>
  (Object.entries(prompt.labels) as Array<[Environment, number]>).filter(([, number]) => number === version).map(([environment]) => environment);

function sideOf(prompt: PromptDetail, version: PromptVersionView): ComparisonSide {
  const labels = labelsOf(prompt, version.version);
  return {
    label: [`v${version.version}`, version.tag, ...labels].filter(Boolean).join(' · '),
    text: version.template, parameters: parametersText(version.parameters), checksum: version.checksum, version: version.version,
  };
}

const EMPTY: ComparisonSide = { label: '(nothing registered)', text: '', parameters: '{}', checksum: null, version: null };

/** A version number, `v3`, a semver tag, `latest` or an environment label, resolved against the prompt. */
export function resolveVersion(prompt: PromptDetail, ref: string | null | undefined): PromptVersionView | null {
  if (!ref) return null;
  if (/^v?\d{1,9}$/.test(ref)) return prompt.versions.find((v) => v.version === Number(ref.replace(/^v/, ''))) ?? null;
  if (ref === 'latest') return prompt.versions[0] ?? null;
  if (isEnvironment(ref)) return prompt.versions.find((v) => v.version === prompt.labels[ref]) ?? null;
  return prompt.versions.find((v) => v.tag === ref.replace(/^v(?=\d)/, '')) ?? null;
}

/** Two registered versions (default: the one before `to`, and `to` = latest). */
export async function comparePromptVersions(name: string, fromRef: string | null, toRef: string | null): Promise<PromptComparison | null> {
  const prompt = await getPromptDetail(name);
  if (!prompt || prompt.versions.length === 0) return null;
  const to = resolveVersion(prompt, toRef) ?? prompt.versions[0]!;
  const from = resolveVersion(prompt, fromRef) ?? prompt.versions.find((v) => v.version === to.version - 1) ?? to;
  const notes: string[] = [];
  if (fromRef && !resolveVersion(prompt, fromRef)) notes.push(`“${fromRef}” is not a version of ${name}${isEnvironment(fromRef) ? ` (nothing is labelled ${fromRef})` : ''}; showing v${from.version}.`);
  if (toRef && !resolveVersion(prompt, toRef)) notes.push(`“${toRef}” is not a version of ${name}; showing v${to.version}.`);
  if (from.checksum === to.checksum) notes.push(from.version === to.version ? 'Both sides are the same version.' : 'The two versions have the same content.');
  return { promptName: name, prompt, old: sideOf(prompt, from), new: sideOf(prompt, to), notes, fromVersion: from.version, toVersion: to.version, observed: null };
}

/**
 * A registered version against what an execution observed (the drift alert's link). With the
 * execution's rendered prompt, the registered side is the template filled with the same arguments,
 * so only words the server changed show up.
 */
export async function compareWithObserved(name: string, fromRef: string | null, environment: Environment, seq: number): Promise<PromptComparison | null> {
  const execution = await getExecution(environment, seq);
  if (!execution) return null;
  const prompt = await getPromptDetail(name);
  const notes: string[] = [];
  if (execution.promptName !== name) notes.push(`Execution ${environment} #${seq} reports prompt “${execution.promptName ?? '(none)'}”, not “${name}”.`);
  const registered: PromptVersionView | null = prompt
    ? resolveVersion(prompt, fromRef) ?? resolveVersion(prompt, environment) ?? prompt.versions[0] ?? null
    : null;
  const observedText = execution.prompt;
  let old: ComparisonSide = EMPTY;
  if (prompt && registered) {
    old = sideOf(prompt, registered);
    if (observedText) {
      old = { ...old, text: expectedRendering(registered.template, execution.arguments), label: `${old.label} · filled with the call's arguments` };
    }
  } else {
    notes.push(`No prompt named “${name}” is registered: everything observed is unreviewed.`);
  }
  if (!observedText) notes.push('The execution carried no rendered prompt text: only its checksum and version can be compared.');
  const observedSide: ComparisonSide = {
    label: `observed · ${environment} #${seq}${execution.promptVersion ? ` · reports ${execution.promptVersion}` : ''}`,
    text: observedText ?? '', parameters: old.parameters, checksum: execution.promptChecksum, version: null,
  };
  let finding: string | null = null;
  if (execution.promptName) {
    const snapshot: RegisteredPrompt | null = prompt ? {
      id: prompt.id, name: prompt.name,
      versions: prompt.versions.map((v) => ({ id: v.id, version: v.version, tag: v.tag, checksum: v.checksum, templateChecksum: v.templateChecksum, template: v.template })),
      labelledVersionId: prompt.versions.find((v) => v.version === prompt.labels[environment])?.id ?? null,
      recentlyLabelled: async () => false,
    } : null;
    finding = (await judgePromptUse({
      environment, seq, timestamp: execution.timestamp, promptName: execution.promptName, promptVersion: execution.promptVersion,
      promptChecksum: execution.promptChecksum, prompt: execution.prompt, arguments: execution.arguments,
    }, snapshot))?.title ?? null;
  }
  return {
    promptName: name, prompt, old, new: observedSide, notes, fromVersion: registered?.version ?? null, toVersion: null,
    observed: { environment, seq, finding },
  };
}
