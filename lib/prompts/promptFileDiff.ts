import { canonicalContent, promptChecksums, type PromptParameters } from './canonicalForm';
import type { PromptFile } from './promptFiles';
import { templateVariables } from './templateVariables';
import { formatWordDiff, parametersText } from './wordDiff';

/**
 * `warden prompt diff`: how a prompt file in a repository stands against the registry, and the
 * report a reviewer reads. Pure: the CLI fetches the registry over REST and prints what this returns.
 */

/** A registered version as GET /api/v1/prompts/{name} lists it. */
export interface RegistryVersion {
  version: number;
  tag: string | null;
  template: string;
  variables: string[];
  parameters: PromptParameters;
  checksum: string;
}

export type FileStatus =
  /** Equal to the reference version. */
  | 'unchanged'
  /** Equal to a registered version other than the reference (e.g. an older one). */
  | 'registered'
  /** Differs from every registered version: an unregistered change. */
  | 'changed'
  /** The registry has no prompt of that name. */
  | 'new';

export interface FileJudgement {
  path: string;
  name: string;
  status: FileStatus;
  checksum: string;
  reference: RegistryVersion | null;
  /** For `registered`: the version the file equals. */
  matches: RegistryVersion | null;
  /** For `verify`: registered versions whose stored checksum is not what their content hashes to. */
  corruptVersions: number[];
}

export type FailPolicy = 'unregistered' | 'changed' | 'never';
export const FAIL_POLICIES: readonly FailPolicy[] = ['unregistered', 'changed', 'never'];

export function fileContent(file: PromptFile) {
  return canonicalContent({ template: file.template, variables: file.variables ?? templateVariables(file.template), parameters: file.parameters });
}

/** Judges one file against its prompt's registered versions (null: no such prompt). */
export function judgeFile(path: string, file: PromptFile, versions: RegistryVersion[] | null, reference: RegistryVersion | null): FileJudgement {
  const { checksum } = promptChecksums(fileContent(file));
  const corruptVersions = (versions ?? []).filter((v) => promptChecksums(v).checksum !== v.checksum).map((v) => v.version);
  const base = { path, name: file.name, checksum, reference, corruptVersions };
  if (!versions || versions.length === 0) return { ...base, status: 'new', matches: null };
  if (reference && reference.checksum === checksum) return { ...base, status: 'unchanged', matches: reference };
  const matches = versions.find((v) => v.checksum === checksum) ?? null;
  return { ...base, status: matches ? 'registered' : 'changed', matches };
}

export function failsPolicy(judgement: FileJudgement, policy: FailPolicy): boolean {
  if (judgement.corruptVersions.length > 0) return policy !== 'never';
  if (policy === 'never') return false;
  if (policy === 'changed') return judgement.status !== 'unchanged';
  return judgement.status === 'changed' || judgement.status === 'new';
}

const short = (checksum: string) => checksum.slice(0, 12);
const versionName = (v: RegistryVersion) => `v${v.version}${v.tag ? ` (${v.tag})` : ''}`;

/** The report for one file: a one-line verdict, then (for differences) the word diff of template and parameters. */
export function describeFile(judgement: FileJudgement, file: PromptFile, options: { against: string; color?: boolean; context?: number }): string {
  const { name, path, reference } = judgement;
  const lines: string[] = [];
  const against = reference ? `${versionName(reference)}, ${options.against}` : options.against;
  switch (judgement.status) {
    case 'unchanged':
      lines.push(`= ${name} (${path}): unchanged, equals ${against} [${short(judgement.checksum)}]`);
      break;
    case 'registered':
      lines.push(`~ ${name} (${path}): equals registered ${versionName(judgement.matches!)}, not ${against} [${short(judgement.checksum)}]`);
      break;
    case 'changed':
      lines.push(`! ${name} (${path}): UNREGISTERED CHANGE against ${reference ? against : `${options.against} (none: compared with nothing)`} [${short(judgement.checksum)}]`);
      break;
    case 'new':
      lines.push(`! ${name} (${path}): UNREGISTERED PROMPT, not in the registry [${short(judgement.checksum)}]`);
      break;
  }
  for (const version of judgement.corruptVersions) {
    lines.push(`! ${name}: registered v${version}'s stored checksum does not match its content: the registry was altered`);
  }
  if (judgement.status === 'changed' || judgement.status === 'new' || judgement.status === 'registered') {
    const old = reference;
    const content = fileContent(file);
    const oldLabel = old ? `registry/${name}@v${old.version} [${short(old.checksum)}]` : '/dev/null';
    const newLabel = `${path} [${short(judgement.checksum)}]`;
    const diffOptions = { color: options.color, context: options.context };
    const template = formatWordDiff(old ? canonicalContent(old).template : '', content.template, { oldLabel, newLabel, ...diffOptions });
    if (template) lines.push(template.trimEnd());
    const oldVariables = old ? canonicalContent(old).variables.join(', ') : '';
    if (oldVariables !== content.variables.join(', ')) {
      lines.push(`variables: ${formatWordDiff(oldVariables, content.variables.join(', '), { oldLabel: 'registry', newLabel: 'file', context: 0, color: options.color }).split('\n').slice(3).join('').trim()}`);
    }
    const oldParameters = parametersText(old?.parameters ?? {});
    const newParameters = parametersText(content.parameters);
    if (oldParameters !== newParameters) {
      lines.push(formatWordDiff(oldParameters, newParameters, { oldLabel: `${oldLabel} parameters`, newLabel: `${newLabel} parameters`, ...diffOptions }).trimEnd());
    }
  }
  return lines.join('\n');
}

export interface DiffSummary { total: number; unchanged: number; registered: number; changed: number; new: number; failed: boolean }

export function summarize(judgements: FileJudgement[], policy: FailPolicy): DiffSummary {
  const count = (status: FileStatus) => judgements.filter((j) => j.status === status).length;
  return {
    total: judgements.length, unchanged: count('unchanged'), registered: count('registered'), changed: count('changed'), new: count('new'),
    failed: judgements.some((j) => failsPolicy(j, policy)),
  };
}

export function summaryLine(summary: DiffSummary, policy: FailPolicy): string {
  const verdict = summary.failed ? `FAILED (--fail-on ${policy})` : 'ok';
  return `${summary.total} prompt file${summary.total === 1 ? '' : 's'}: ${summary.unchanged} unchanged, ${summary.registered} equal another registered version, `
    + `${summary.changed} unregistered change${summary.changed === 1 ? '' : 's'}, ${summary.new} unregistered prompt${summary.new === 1 ? '' : 's'} — ${verdict}`;
}
