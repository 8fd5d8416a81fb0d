import type { Environment } from '../environment';

export interface ToolVersionRef {
  toolId: string;
  toolVersionId: string;
  name: string;
  version: string;
  inputSchemaHash: string;
  manifestHash: string;
}

export interface ModelFallback {
  provider: string;
  modelId: string;
  parameters?: Record<string, unknown>;
}

export interface ModelConfigVersionView {
  id: string;
  modelConfigId: string;
  name: string;
  version: number;
  provider: string;
  modelId: string;
  parameters: Record<string, unknown>;
  fallbacks: ModelFallback[];
  contentHash: string;
  notes: string;
  createdBy: string;
  createdAt: Date;
}

export interface ReleasePromptRef {
  promptVersionId: string;
  promptId: string;
  name: string;
  version: number;
  checksum: string;
}

export interface PolicyVersionRef {
  agentId: string;
  policyId: string;
  version: number;
}

/** A release bundle, as every page, API and other domain sees it (contract C4). */
export interface ReleaseView {
  id: string;
  name: string;
  notes: string;
  contentHash: string;
  createdBy: string;
  createdAt: Date;
  tools: ToolVersionRef[];
  prompts: ReleasePromptRef[];
  modelConfig: ModelConfigVersionView | null;
  policyVersions: PolicyVersionRef[];
}

/** The model an environment calls: a config version's primary model, or one of its fallbacks after a model rollback. */
export interface EffectiveModel {
  config: ModelConfigVersionView;
  /** null: the primary model; n: fallback n (0-based). */
  fallbackIndex: number | null;
  provider: string;
  modelId: string;
  parameters: Record<string, unknown>;
}

export interface DeploymentView {
  id: number;
  environment: Environment;
  releaseId: string;
  releaseName: string;
  kind: 'deploy' | 'promotion' | 'rollback' | 'model_rollback';
  reason: string;
  actor: string;
  promotionRequestId: string | null;
  previousDeploymentId: number | null;
  modelConfigVersionId: string | null;
  modelFallbackIndex: number | null;
  createdAt: Date;
}

/** What an environment runs now (contract C4: getActiveRelease). */
export interface ActiveRelease {
  environment: Environment;
  deployment: DeploymentView;
  release: ReleaseView;
  model: EffectiveModel | null;
}
