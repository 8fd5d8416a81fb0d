// The prompt registry: prompts, immutable checksummed versions, environment labels (contract C3).
export { applyReleasePromptLabels, PromptLabelError, type PromptLabelMove, type PromptTransaction } from './applyReleasePromptLabels';
export { getPromptVersionsByIds } from './getPromptVersionsByIds';
export {
  canonicalContent, canonicalDocument, canonicalParameters, canonicalTemplate, canonicalVariables, promptChecksums,
  type PromptChecksums, type PromptContent, type PromptParameters,
} from './canonicalForm';
export { createPrompt, createPromptVersion } from './createPromptVersion';
export { setStagingLabel } from './setStagingLabel';
export { listPrompts } from './listPrompts';
export { getPromptDetail, type PromptDetail, type PromptLabelMoveView } from './getPromptDetail';
export { getPromptVersion } from './getPromptVersion';
export { renderTemplate, templateVariables } from './templateVariables';
export { PROMPT_NAME, type PromptActor, type PromptResult } from './promptInputs';
export {
  summaryToApiJson, toVersionView, versionToApiJson, type PromptLabels, type PromptSummary, type PromptVersionView,
} from './promptViews';
