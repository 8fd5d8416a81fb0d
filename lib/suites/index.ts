/**
 * Regression and safety suites: versioned cases per tool or prompt, dry runs of a release against the
 * staging MCP server, and the promotion gate the registry reads (contract C5).
 */
export { getReleaseGateResult } from './getReleaseGateResult';
export type { ReleaseGateFailure, ReleaseGateResult } from './gateTypes';
export { executionLink, runLink } from './links';
export { runReleaseSuites, RunRefusedError, type RunReleaseOptions, type RunReleaseReport } from './runReleaseSuites';
export { saveSuiteVersion, type SaveSuiteResult } from './saveSuiteVersion';
export { suiteSchema, type SuiteDefinition, type CaseDefinition, type Expectations } from './suiteDefinition';
export { ATTACK_LIBRARY, attackCases, CANARY } from './attackLibrary';
export { ATTACK_IDS, type AttackId } from './attackIds';
export { evaluateCase, type Observation, type CaseVerdict } from './evaluateCase';
export { configuredStagingTarget, demoReleaseTarget, type McpTarget } from './mcpTarget';
export { DRY_RUN_SCOPES } from './dryRunToken';
export { getTestRun, type TestRunView, type TestRunCase } from './getTestRun';
export { runToJUnitXml } from './junit';
export { listSuites, type SuiteSummary } from './listSuites';
export { listTestRuns, type TestRunSummary } from './listTestRuns';
export { getSuiteMatrix, type SuiteMatrix, type MatrixRow, type MatrixColumn } from './getSuiteMatrix';
export { startRunFromConsole, ownUrl, type StartRunResult } from './startRunFromConsole';
export { listReleaseGates, type ReleaseGateRow } from './listReleaseGates';
