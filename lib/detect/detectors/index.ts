import type { Detector } from '../types';
import { encodedExfiltration } from './encodedExfiltration';
import { failureBurst } from './failureBurst';
import { firstUse } from './firstUse';
import { forbiddenSideEffect } from './forbiddenSideEffect';
import { offHours } from './offHours';
import { promptDrift } from './promptDrift';
import { promptInjection } from './promptInjection';
import { schemaMismatch } from './schemaMismatch';
import { secretInOutput } from './secretInOutput';
import { volumeAnomalies } from './volumeAnomalies';

/**
 * The detector plug-in list (contract C1). The runner calls each, in this order, for every batch of
 * newly ingested executions. Add yours here: one import, one entry (see Detector in ../types.ts).
 */
export const DETECTORS: readonly Detector[] = [
  // Rule detectors: one execution is enough.
  forbiddenSideEffect,
  promptInjection,
  encodedExfiltration,
  secretInOutput,
  schemaMismatch,
  promptDrift,
  // Statistical detectors: against each subject's own history.
  volumeAnomalies,
  firstUse,
  offHours,
  failureBurst,
];

/** Every detector name alerts can carry, with its label and description, for filters and the alert page. */
export function detectorInfo(): Array<{ name: string; label: string; description: string; kind: Detector['kind'] }> {
  return DETECTORS.flatMap((detector) => (detector.emits ?? [{ name: detector.name, label: detector.label, description: detector.description }])
    .map((emitted) => ({ ...emitted, kind: detector.kind })));
}
