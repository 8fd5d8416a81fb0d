import type { PromptVersion as PromptVersionRow } from '../db/generated/client';
import type { Environment } from '../environment';
import type { PromptParameters } from './canonicalForm';

/** A version as the console, the API and other domains see it. */
export interface PromptVersionView {
  id: string;
  promptId: string;
  promptName: string;
  version: number;
  tag: string | null;
  template: string;
  variables: string[];
  parameters: PromptParameters;
  checksum: string;
  templateChecksum: string;
  author: string;
  message: string;
  createdAt: Date;
}

export type PromptLabels = Partial<Record<Environment, number>>;

export interface PromptSummary {
  id: string;
  name: string;
  description: string;
  owner: string;
  createdAt: Date;
  latestVersion: number | null;
  latestAt: Date | null;
  labels: PromptLabels;
}

export function toVersionView(row: PromptVersionRow, promptName: string): PromptVersionView {
  return {
    id: row.id, promptId: row.promptId, promptName, version: row.version, tag: row.tag, template: row.template,
    variables: row.variables, parameters: (row.parameters ?? {}) as PromptParameters, checksum: row.checksum,
    templateChecksum: row.templateChecksum, author: row.author, message: row.message, createdAt: row.createdAt,
  };
}

/** The REST shape: snake_case like the rest of /api/v1. */
export function versionToApiJson(view: PromptVersionView) {
  return {
    id: view.id, prompt: view.promptName, version: view.version, tag: view.tag, template: view.template, variables: view.variables,
    parameters: view.parameters, checksum: view.checksum, template_checksum: view.templateChecksum, author: view.author,
    message: view.message, created_at: view.createdAt.toISOString(),
  };
}

export function summaryToApiJson(summary: PromptSummary) {
  return {
    id: summary.id, name: summary.name, description: summary.description, owner: summary.owner, created_at: summary.createdAt.toISOString(),
    latest_version: summary.latestVersion, latest_at: summary.latestAt?.toISOString() ?? null, labels: summary.labels,
  };
}
