import { db } from '../db/client';
import { getPromptVersionsByIds } from '../prompts';
import { expirePromotions } from './expirePromotions';
import { evaluateGates, type GateEvidence } from './gates';
import { getActiveRelease } from './getActiveRelease';
import { getRelease } from './getRelease';
import type { ToolManifest } from './manifest';
import { manifestChanges, type ManifestChange } from './versionPolicy';
import type { ActiveRelease, ModelConfigVersionView, ReleaseView } from './views';

export type DiffKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface TextDiff {
  name: string;
  change: DiffKind;
  from: string | null;
  to: string | null;
  fromText: string;
  toText: string;
}

export interface ToolDiff extends TextDiff {
  changes: ManifestChange[];
}

export interface PromotionDetail {
  request: {
    id: string; status: string; reason: string; requestedBy: string; requestedById: string; requiredApprovals: number;
    createdAt: Date; expiresAt: Date; decidedAt: Date | null; deploymentId: number | null; baselineDeploymentId: number | null;
  };
  release: ReleaseView;
  production: ActiveRelease | null;
  /** Production moved since the request was made: the review below compares with what runs now. */
  baselineMoved: boolean;
  gates: GateEvidence[];
  approvals: Array<{ approver: string; approverId: string; decision: string; comment: string; createdAt: Date }>;
  tools: ToolDiff[];
  prompts: TextDiff[];
  model: TextDiff;
}

const pretty = (value: unknown) => (value === undefined || value === null ? '' : JSON.stringify(value, null, 2));

function kind(from: string | null, to: string | null, same: boolean): DiffKind {
  if (from === null) return 'added';
  if (to === null) return 'removed';
  return same ? 'unchanged' : 'changed';
}

async function toolDiffs(release: ReleaseView, live: ReleaseView | null): Promise<ToolDiff[]> {
  const ids = [...release.tools, ...(live?.tools ?? [])].map((tool) => tool.toolVersionId);
  const manifests = new Map((await db().toolVersion.findMany({ where: { id: { in: ids } }, select: { id: true, manifest: true } })).map((row) => [row.id, row.manifest as unknown as ToolManifest]));
  const names = [...new Set([...release.tools, ...(live?.tools ?? [])].map((tool) => tool.name))].sort();
  return names.map((name) => {
    const next = release.tools.find((tool) => tool.name === name);
    const prev = live?.tools.find((tool) => tool.name === name);
    const nextManifest = next ? manifests.get(next.toolVersionId) : undefined;
    const prevManifest = prev ? manifests.get(prev.toolVersionId) : undefined;
    return {
      name, change: kind(prev?.version ?? null, next?.version ?? null, prev?.manifestHash === next?.manifestHash),
      from: prev?.version ?? null, to: next?.version ?? null, fromText: pretty(prevManifest), toText: pretty(nextManifest),
      changes: prevManifest && nextManifest ? manifestChanges(prevManifest, nextManifest) : [],
    };
  });
}

async function promptDiffs(release: ReleaseView, live: ReleaseView | null): Promise<TextDiff[]> {
  const versions = new Map((await getPromptVersionsByIds([...release.prompts, ...(live?.prompts ?? [])].map((prompt) => prompt.promptVersionId))).map((version) => [version.id, version]));
  const text = (id: string | undefined) => {
    const version = id ? versions.get(id) : undefined;
    if (!version) return '';
    return `${version.template}${Object.keys(version.parameters ?? {}).length > 0 ? `\n\n# parameters\n${pretty(version.parameters)}` : ''}`;
  };
  const names = [...new Set([...release.prompts, ...(live?.prompts ?? [])].map((prompt) => prompt.name))].sort();
  return names.map((name) => {
    const next = release.prompts.find((prompt) => prompt.name === name);
    const prev = live?.prompts.find((prompt) => prompt.name === name);
    return {
      name, change: kind(prev ? `v${prev.version}` : null, next ? `v${next.version}` : null, prev?.checksum === next?.checksum),
      from: prev ? `v${prev.version}` : null, to: next ? `v${next.version}` : null, fromText: text(prev?.promptVersionId), toText: text(next?.promptVersionId),
    };
  });
}

const modelLabel = (config: ModelConfigVersionView | null) => (config ? `${config.name} v${config.version}` : null);
const modelText = (config: ModelConfigVersionView | null, provider?: string, modelId?: string) => (config ? pretty({
  provider: provider ?? config.provider, model_id: modelId ?? config.modelId, parameters: config.parameters, fallbacks: config.fallbacks,
}) : '');

/** A promotion request with everything its page shows: gates, approvals, and what changes against production. */
export async function getPromotionDetail(id: string): Promise<PromotionDetail | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  await expirePromotions();
  const request = await db().promotionRequest.findUnique({ where: { id } });
  if (!request) return null;
  const [release, production, approvals, gates] = await Promise.all([
    getRelease(request.releaseId), getActiveRelease('production'),
    db().promotionApproval.findMany({ where: { requestId: id }, orderBy: { createdAt: 'asc' } }),
    evaluateGates(request.releaseId),
  ]);
  if (!release) return null;
  // A deployed request is compared with what production ran before it, so the page keeps its meaning.
  let compareWith = production;
  if (request.status === 'deployed' && request.deploymentId !== null) {
    const deployment = await db().deployment.findUnique({ where: { id: request.deploymentId } });
    compareWith = null;
    if (deployment?.previousDeploymentId) {
      const previous = await db().deployment.findUnique({ where: { id: deployment.previousDeploymentId } });
      const previousRelease = previous ? await getRelease(previous.releaseId) : null;
      if (previous && previousRelease) compareWith = { ...production!, release: previousRelease, model: null };
    }
  }
  const live = compareWith?.release ?? null;
  const liveModel = compareWith?.model ?? null;
  const fromModel = liveModel?.config ?? live?.modelConfig ?? null;
  return {
    request: {
      id: request.id, status: request.status, reason: request.reason, requestedBy: request.requestedBy, requestedById: request.requestedById,
      requiredApprovals: request.requiredApprovals, createdAt: request.createdAt, expiresAt: request.expiresAt, decidedAt: request.decidedAt,
      deploymentId: request.deploymentId === null ? null : Number(request.deploymentId), baselineDeploymentId: request.baselineDeploymentId === null ? null : Number(request.baselineDeploymentId),
    },
    release, production,
    baselineMoved: (request.status === 'requested' || request.status === 'approved') && (production?.deployment.id ?? null) !== (request.baselineDeploymentId === null ? null : Number(request.baselineDeploymentId)),
    gates,
    approvals: approvals.map((row) => ({ approver: row.approver, approverId: row.approverId, decision: row.decision, comment: row.comment, createdAt: row.createdAt })),
    tools: await toolDiffs(release, live),
    prompts: await promptDiffs(release, live),
    model: {
      name: 'model', change: kind(modelLabel(fromModel), modelLabel(release.modelConfig), fromModel?.id === release.modelConfig?.id && (liveModel?.fallbackIndex ?? null) === null),
      from: liveModel && liveModel.fallbackIndex !== null ? `${modelLabel(fromModel)} (fallback ${liveModel.fallbackIndex + 1}: ${liveModel.provider}/${liveModel.modelId})` : modelLabel(fromModel),
      to: modelLabel(release.modelConfig),
      fromText: modelText(fromModel, liveModel?.provider, liveModel?.modelId), toText: modelText(release.modelConfig),
    },
  };
}
