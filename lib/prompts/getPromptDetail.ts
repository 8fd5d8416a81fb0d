import { db } from '../db/client';
import { isEnvironment, type Environment } from '../environment';
import { toVersionView, type PromptLabels, type PromptSummary, type PromptVersionView } from './promptViews';

export interface PromptLabelMoveView {
  environment: Environment;
  fromVersion: number | null;
  toVersion: number | null;
  movedBy: string;
  via: string;
  movedAt: Date;
}

export interface PromptDetail extends PromptSummary {
  createdBy: string;
  /** Newest first. */
  versions: PromptVersionView[];
  labelHistory: PromptLabelMoveView[];
}

/** A prompt with every version (newest first), its labels and the history of label moves. */
export async function getPromptDetail(name: string): Promise<PromptDetail | null> {
  const prompt = await db().prompt.findUnique({ where: { name } });
  if (!prompt) return null;
  const [rows, labels, moves] = await Promise.all([
    db().promptVersion.findMany({ where: { promptId: prompt.id }, orderBy: { version: 'desc' } }),
    db().promptLabel.findMany({ where: { promptId: prompt.id } }),
    db().promptLabelMove.findMany({ where: { promptId: prompt.id }, orderBy: { id: 'desc' }, take: 100 }),
  ]);
  const versions = rows.map((row) => toVersionView(row, prompt.name));
  const numberOf = (id: string | null) => (id ? versions.find((version) => version.id === id)?.version ?? null : null);
  const promptLabels: PromptLabels = {};
  for (const label of labels) {
    const number = numberOf(label.promptVersionId);
    if (isEnvironment(label.environment) && number !== null) promptLabels[label.environment] = number;
  }
  return {
    id: prompt.id, name: prompt.name, description: prompt.description, owner: prompt.owner, createdAt: prompt.createdAt, createdBy: prompt.createdBy,
    latestVersion: versions[0]?.version ?? null, latestAt: versions[0]?.createdAt ?? null, labels: promptLabels, versions,
    labelHistory: moves.flatMap((move) => (isEnvironment(move.environment)
      ? [{ environment: move.environment, fromVersion: numberOf(move.fromVersionId), toVersion: numberOf(move.toVersionId), movedBy: move.movedBy, via: move.via, movedAt: move.movedAt }]
      : [])),
  };
}
