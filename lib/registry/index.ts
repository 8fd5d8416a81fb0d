/**
 * The registry (issue #9, contract C4): tools under semver with immutable hashed manifests, versioned
 * model configs, immutable release bundles, staging/production deployment history, promotion requests
 * with gates and approvals, and rollbacks.
 */
export { findToolVersion } from './findToolVersion';
export { getRelease, getReleases } from './getRelease';
export { getActiveRelease, effectiveModel } from './getActiveRelease';
export type {
  ActiveRelease, DeploymentView, EffectiveModel, ModelConfigVersionView, ModelFallback, PolicyVersionRef, ReleasePromptRef, ReleaseView, ToolVersionRef,
} from './views';

export { parseSemVer, compareSemVer, bumpKind, nextVersion, type SemVer, type Bump } from './semver';
export { compareSchemas, type SchemaChange, type ChangeRule, type ChangeSeverity, type SchemaDirection } from './schemaChanges';
export { judgeBump, manifestChanges, type BumpVerdict, type ManifestChange } from './versionPolicy';
export { toolManifestInput, normaliseManifest, manifestHashes, schemaHash, type ToolManifest, type ToolManifestInput } from './manifest';
export { registerToolVersion, registerToolVersions, type RegisteredToolVersion, type ManifestSource } from './registerToolVersion';
export { createModelConfigVersion } from './createModelConfigVersion';
export { createRelease } from './createRelease';
export { deployToStaging } from './deployToStaging';
export { requestPromotion } from './requestPromotion';
export { decidePromotion } from './decidePromotion';
export { approveAndDeploy, deployPromotion } from './deployPromotion';
export { rollbackRelease, rollbackTargets } from './rollback';
export { rollbackModel, modelRollbackOptions, type ModelRollbackOption } from './modelRollback';
export { expirePromotions } from './expirePromotions';
export { evaluateGates, blockingFailures, stagingSoak, type GateEvidence } from './gates';
export { promotionSettings, GATES, type GateName, type PromotionSettings } from './settings';
export type { SessionActor } from './promotionActor';
export type { RegistryActor, RegistryResult } from './results';
export { listTools, getToolManifest, type ToolSummary, type ToolVersionSummary } from './listTools';
export { listModelConfigs } from './listModelConfigs';
export { listReleases, type ReleaseListItem } from './listReleases';
export { environmentHistory } from './environmentHistory';
export { listPromotions, type PromotionListItem } from './listPromotions';
export { getPromotionDetail, type PromotionDetail, type TextDiff, type ToolDiff, type DiffKind } from './getPromotionDetail';
export { listPromptOptions } from './listPromptOptions';
export { registryLedgerEntries, type LedgerEntryView } from './registryLedgerEntries';
