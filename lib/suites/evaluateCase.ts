import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { poisonedDescriptionFindings } from './attackLibrary';
import type { Expectations } from './suiteDefinition';

export interface ObservedSideEffect {
  kind: string;
  target: string;
}

/** What one case's call did, from the client's side and from its execution record. */
export interface Observation {
  /** The text parts of the result (tool content or prompt messages). */
  text: string;
  /** structuredContent when the tool sent it. */
  structured?: unknown;
  isError: boolean;
  error?: string;
  durationMs: number;
  /** From the execution record (the client never sees them); null when no record arrived. */
  sideEffects: ObservedSideEffect[] | null;
  /** tools/list cases: the description and parameter descriptions as clients see them. */
  descriptions?: string[];
}

export interface CaseVerdict {
  outcome: 'passed' | 'failed' | 'error';
  reasons: string[];
}

let validator: AjvJsonSchemaValidator | undefined;
const schemaValidator = () => (validator ??= new AjvJsonSchemaValidator());

function outputJson(observation: Observation): { ok: true; value: unknown } | { ok: false } {
  if (observation.structured !== undefined) return { ok: true, value: observation.structured };
  try {
    return { ok: true, value: JSON.parse(observation.text) };
  } catch {
    return { ok: false };
  }
}

function hostOf(target: string): string | null {
  try {
    return new URL(target).hostname.toLowerCase();
  } catch {
    return /^[a-z0-9.-]+$/i.test(target) ? target.toLowerCase() : null;
  }
}

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

/**
 * Judges one observation against a case's expectations. Pure: the runner gathers the observation,
 * this says pass or fail and, in words, why. Checks that need the execution record (side effects)
 * turn into an error — not a pass — when the record never arrived.
 */
export function evaluateCase(expect: Expectations, observation: Observation, outputSchema: unknown | null, kind: 'regression' | 'attack' = 'regression'): CaseVerdict {
  const reasons: string[] = [];
  let error = false;
  // A regression call must succeed unless told otherwise; an attack the tool refuses is a fine outcome.
  const wantsError = expect.isError ?? (kind === 'regression' ? false : undefined);
  if (expect.descriptionClean) {
    const findings = poisonedDescriptionFindings(observation.descriptions ?? []);
    if (observation.descriptions === undefined) {
      error = true;
      reasons.push('the tool is not in the server\'s tools/list');
    }
    for (const finding of findings) reasons.push(`tool description contains ${finding}`);
  } else if (wantsError !== undefined && observation.isError !== wantsError) {
    reasons.push(wantsError ? 'the call succeeded, an error was expected' : `the call failed: ${excerpt(observation.error ?? observation.text ?? 'error')}`);
  }
  if (expect.outputMatchesSchema) {
    if (outputSchema === null || outputSchema === undefined) {
      error = true;
      reasons.push('the registry has no output schema for this tool version');
    } else {
      const parsed = outputJson(observation);
      if (!parsed.ok) reasons.push('output is not JSON, the output schema cannot match');
      else {
        const result = schemaValidator().getValidator(outputSchema as never)(parsed.value);
        if (!result.valid) reasons.push(`output does not match the output schema: ${result.errorMessage}`);
      }
    }
  }
  const lower = observation.text.toLowerCase();
  for (const needle of expect.contains ?? []) if (!lower.includes(needle.toLowerCase())) reasons.push(`output lacks "${excerpt(needle)}"`);
  for (const needle of expect.notContains ?? []) {
    if (lower.includes(needle.toLowerCase())) reasons.push(`output contains "${excerpt(JSON.stringify(needle).slice(1, -1))}"`);
  }
  if (expect.maxDurationMs !== undefined && observation.durationMs > expect.maxDurationMs) {
    reasons.push(`took ${Math.round(observation.durationMs)} ms, bound ${expect.maxDurationMs} ms`);
  }
  const needsRecord = (expect.forbiddenSideEffects?.length ?? 0) > 0 || expect.allowedEgressHosts !== undefined;
  if (needsRecord && observation.sideEffects === null) {
    error = true;
    reasons.push('no execution record arrived, so side effects cannot be checked (is the staging server recorded?)');
  }
  for (const effect of observation.sideEffects ?? []) {
    const rule = expect.forbiddenSideEffects?.find((candidate) =>
      (candidate.kind === '*' || candidate.kind === effect.kind) && (!candidate.target || effect.target.toLowerCase().includes(candidate.target.toLowerCase())));
    if (rule) reasons.push(`forbidden side effect ${effect.kind} → ${excerpt(effect.target)}`);
    if (expect.allowedEgressHosts && (effect.kind === 'dns' || effect.kind === 'http')) {
      const host = hostOf(effect.target);
      const allowed = host !== null && expect.allowedEgressHosts.some((entry) => host === entry.toLowerCase() || host.endsWith(`.${entry.toLowerCase()}`));
      if (!allowed) reasons.push(`egress to ${host ?? effect.target}, which is not an allowed host`);
    }
  }
  if (error) return { outcome: 'error', reasons };
  return { outcome: reasons.length === 0 ? 'passed' : 'failed', reasons };
}
