import type { Environment } from '../environment';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export type AlertStatus = 'open' | 'acknowledged' | 'resolved' | 'false_positive';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'resolved', 'false_positive'];
/** Statuses in which an alert still takes new evidence and counts as open (countOpenAlerts). */
export const ACTIVE_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged'];

export interface AlertSubject {
  tool?: string;
  user?: string;
  agent?: string;
  /** Not in contract C1's first draft; optional, so older callers are unaffected. Narrows the explorer link. */
  session?: string;
  prompt?: string;
  release?: string;
}

/** Contract C1: what a detector (or any feature) hands to raiseAlert. */
export interface RaiseAlertInput {
  /** e.g. 'forbidden_side_effect', 'prompt_drift', 'policy_violation'. */
  detector: string;
  severity: Severity;
  environment: Environment;
  /** One line. */
  title: string;
  /** In words, e.g. "42 calls in 5 min, usual 3 ± 2". */
  explanation: string;
  /** Execution sequence numbers in that environment's log (explorer: /executions/<env>/<seq>). */
  evidenceSeqs: number[];
  subject?: AlertSubject;
  /** Console path with more evidence, e.g. a prompt diff permalink. */
  link?: string | null;
  /** While an alert with this key is open (or acknowledged), new evidence is appended instead of a new alert. */
  dedupeKey: string;
}

/** One execution as detectors see it: the v1 record's fields, straight from `executions`. */
export interface DetectionExecution {
  seq: number;
  timestamp: Date;
  serverName: string | null;
  method: string | null;
  toolName: string | null;
  toolVersion: string | null;
  inputSchemaHash: string | null;
  promptName: string | null;
  promptVersion: string | null;
  promptChecksum: string | null;
  prompt: string | null;
  model: string | null;
  userId: string | null;
  sessionId: string | null;
  agentId: string | null;
  arguments: unknown;
  output: unknown;
  isError: boolean;
  error: string | null;
  durationMs: number | null;
  sideEffects: unknown;
}

/** Read access for detectors, inside the batch's transaction (so state they write commits with the cursor). */
export interface DetectionContext {
  environment: Environment;
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Memoised for the batch: other modules' lookups (policies, registry) cost one query per key. */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/**
 * A detector plug-in. The runner (lib/detect/runDetections.ts) calls `detect` once per batch of newly
 * ingested executions of one environment, in log order, each execution exactly once (restart-safe).
 * Return findings; do not call raiseAlert yourself — the runner stores them in the same transaction
 * as its cursor, so a crash never loses or doubles an alert. Statistical detectors may keep state in
 * their own tables through `context.query` (same transaction). A detector that throws is logged and
 * skipped for that batch; the others still run.
 *
 * To add one: write `lib/detect/detectors/<name>.ts` exporting a Detector, add it to DETECTORS in
 * lib/detect/detectors/index.ts. Unit-test `detect` with executions built by `testExecution()`.
 */
export interface Detector {
  /** Unique, snake_case; the `detector` of the alerts it raises. */
  name: string;
  /** Short label for filters and the alert page. */
  label: string;
  /** What it flags and its threshold, in words (shown on the alert page). */
  description: string;
  kind: 'rule' | 'statistical';
  /** When one module raises alerts under several names (e.g. rate, error and latency spikes): each of them. */
  emits?: ReadonlyArray<{ name: string; label: string; description: string }>;
  detect(executions: readonly DetectionExecution[], context: DetectionContext): Promise<RaiseAlertInput[]>;
}
