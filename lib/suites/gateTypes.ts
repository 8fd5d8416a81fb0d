/** Contract C5: what the registry's promotion gate reads for a release. */
export interface ReleaseGateFailure {
  caseName: string;
  kind: 'regression' | 'attack';
  reason: string;
  /** Console path of the execution the case made, e.g. /executions/staging/42. */
  executionLink: string | null;
  /** Console path of the change that most likely caused it (the run page's likely-cause panel). */
  diffLink?: string | null;
}

export interface ReleaseGateResult {
  status: 'passed' | 'failed' | 'missing';
  runId: string | null;
  summary: string;
  failures: ReleaseGateFailure[];
}
