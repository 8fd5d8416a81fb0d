import { Ajv, type ValidateFunction } from 'ajv';
import { findToolVersion } from '../../registry/findToolVersion';
import type { DetectionContext, DetectionExecution, Detector, RaiseAlertInput } from '../types';
import { callLabel, subjectOf } from './shared';

type Registered = Awaited<ReturnType<typeof findToolVersion>>;

const ajv = new Ajv({ strict: false, allErrors: false });
const validators = new Map<string, ValidateFunction | null>();

function validatorFor(registered: NonNullable<Registered>): ValidateFunction | null {
  if (!validators.has(registered.id)) {
    let validate: ValidateFunction | null = null;
    try {
      validate = registered.outputSchema && typeof registered.outputSchema === 'object' ? ajv.compile(registered.outputSchema as object) : null;
    } catch {
      validate = null; // an uncompilable declared schema is the registry's problem, not an alert per call
    }
    validators.set(registered.id, validate);
  }
  return validators.get(registered.id)!;
}

/**
 * What to check against the declared output schema: MCP's structuredContent when present, else the
 * JSON inside a single text content item, else the output as stored.
 */
export function structuredOutput(output: unknown): unknown {
  if (output && typeof output === 'object' && !Array.isArray(output)) {
    const result = output as { structuredContent?: unknown; content?: unknown };
    if (result.structuredContent !== undefined) return result.structuredContent;
    if (Array.isArray(result.content) && result.content.length === 1) {
      const item = result.content[0] as { type?: unknown; text?: unknown };
      if (item?.type === 'text' && typeof item.text === 'string') {
        try {
          return JSON.parse(item.text);
        } catch {
          return item.text;
        }
      }
    }
  }
  if (typeof output === 'string') {
    try {
      return JSON.parse(output);
    } catch {
      return output;
    }
  }
  return output;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** A learned reference needs this many calls before other hashes are flagged against it. */
export const LEARNED_MIN_CALLS = 20;

/**
 * Without a registry entry, the commonest input schema hash of a tool version (at least
 * LEARNED_MIN_CALLS calls; ties go to the earliest) is its reference, and calls under that version
 * with another hash are flagged. Counts per hash live in detection_first_seen (`seen`); the batch
 * is recorded in one statement and the references read in one more.
 */
async function learnedDrift(executions: DetectionExecution[], context: DetectionContext): Promise<RaiseAlertInput[]> {
  if (executions.length === 0) return [];
  const bySubject = new Map<string, { first: DetectionExecution; count: number }>();
  for (const e of executions) {
    const subject = `schema:${e.toolName}@${e.toolVersion}#${e.inputSchemaHash}`;
    const known = bySubject.get(subject);
    if (!known) bySubject.set(subject, { first: e, count: 1 });
    else {
      known.count++;
      if (e.timestamp < known.first.timestamp) known.first = e;
    }
  }
  await context.query(
    `INSERT INTO detection_first_seen AS target (environment, subject, first_at, first_seq, seen)
     SELECT $1, r.subject, r.first_at, r.first_seq, r.seen FROM jsonb_to_recordset($2::jsonb) AS r(subject text, first_at timestamptz, first_seq bigint, seen int)
     ON CONFLICT (environment, subject) DO UPDATE SET seen = target.seen + EXCLUDED.seen,
       first_at = LEAST(target.first_at, EXCLUDED.first_at),
       first_seq = CASE WHEN EXCLUDED.first_at < target.first_at THEN EXCLUDED.first_seq ELSE target.first_seq END`,
    [context.environment, JSON.stringify([...bySubject].map(([subject, { first, count }]) => ({ subject, first_at: first.timestamp.toISOString(), first_seq: first.seq, seen: count })))]);
  const prefixes = [...new Set(executions.map((e) => `schema:${e.toolName}@${e.toolVersion}#`))];
  const references = await context.query<{ prefix: string; subject: string; first_seq: string; seen: number; total: string }>(
    `SELECT DISTINCT ON (p.prefix) p.prefix, f.subject, f.first_seq, f.seen, sum(f.seen) OVER (PARTITION BY p.prefix) AS total
     FROM unnest($2::text[], $3::text[]) AS p(prefix, like_prefix)
     JOIN detection_first_seen f ON f.environment = $1 AND f.subject LIKE p.like_prefix || '%'
     ORDER BY p.prefix, f.seen DESC, f.first_at, f.subject`,
    [context.environment, prefixes, prefixes.map(escapeLike)]);
  const referenceOf = new Map(references.filter((row) => row.seen >= LEARNED_MIN_CALLS).map((row) => [row.prefix, row]));
  const findings: RaiseAlertInput[] = [];
  for (const e of executions) {
    const prefix = `schema:${e.toolName}@${e.toolVersion}#`;
    const reference = referenceOf.get(prefix);
    const referenceHash = reference?.subject.slice(prefix.length);
    if (!reference || referenceHash === e.inputSchemaHash) continue;
    findings.push({
      detector: 'schema_mismatch', environment: context.environment, severity: 'high',
      title: `Input schema of ${e.toolName} ${e.toolVersion} changed without a version bump`,
      explanation: `${callLabel(e)} reports input schema hash ${e.inputSchemaHash!.slice(0, 16)}…, but ${reference.seen} of ${reference.total} calls of ${e.toolName} ${e.toolVersion} so far used ${referenceHash!.slice(0, 16)}… (first: execution ${reference.first_seq}). Same version, different schema: a silent change. Register the tool to make the registry the reference.`,
      evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `schema_mismatch|learned|${e.toolName}@${e.toolVersion}#${e.inputSchemaHash}`,
    });
  }
  return findings;
}

// Registry answers are kept for a short while across batches: one lookup per tool version per 30 s.
const REGISTRY_TTL_MS = 30_000;
const registryCache = new Map<string, { at: number; value: Promise<Registered> }>();
function registeredVersion(tool: string, version: string): Promise<Registered> {
  const key = `${tool}@${version}`;
  const hit = registryCache.get(key);
  if (hit && Date.now() - hit.at < REGISTRY_TTL_MS) return hit.value;
  const value = findToolVersion(tool, version).catch(() => null);
  registryCache.set(key, { at: Date.now(), value });
  if (registryCache.size > 10_000) registryCache.clear();
  return value;
}

/**
 * Calls that do not match their tool version: an input schema hash other than the registered one
 * (contract C4), an output that fails the declared output schema, and — for tools not in the
 * registry — a second input schema under a version already seen with another.
 */
export const schemaMismatch: Detector = {
  name: 'schema_mismatch',
  label: 'Schema mismatch',
  description: 'Input schema hash differing from the registered tool version (or, for unregistered tools, from the first one seen under that version), and outputs that fail the registered output schema.',
  kind: 'rule',
  async detect(executions, context) {
    const findings: RaiseAlertInput[] = [];
    const unregistered: DetectionExecution[] = [];
    for (const e of executions) {
      if (!e.toolName || !e.toolVersion) continue;
      const tool = e.toolName;
      const version = e.toolVersion;
      const registered = await context.memo(`tool:${tool}@${version}`, () => registeredVersion(tool, version));
      if (!registered) {
        if (e.inputSchemaHash) unregistered.push(e);
        continue;
      }
      if (e.inputSchemaHash && e.inputSchemaHash !== registered.inputSchemaHash) {
        findings.push({
          detector: 'schema_mismatch', environment: context.environment, severity: 'high',
          title: `Input schema of ${tool} ${version} does not match the registry`,
          explanation: `${callLabel(e)} reports input schema hash ${e.inputSchemaHash.slice(0, 16)}…; the registered ${tool} ${version} has ${registered.inputSchemaHash.slice(0, 16)}…`,
          evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `schema_mismatch|input|${tool}@${version}#${e.inputSchemaHash}`,
        });
      }
      const validate = e.isError ? null : validatorFor(registered);
      if (validate && !validate(structuredOutput(e.output))) {
        const problem = validate.errors?.[0];
        findings.push({
          detector: 'schema_mismatch', environment: context.environment, severity: 'medium',
          title: `Output of ${tool} ${version} does not match its declared output schema`,
          explanation: `${callLabel(e)}: ${problem ? `${problem.instancePath || 'the output'} ${problem.message}` : 'validation failed'}.`,
          evidenceSeqs: [e.seq], subject: subjectOf(e), dedupeKey: `schema_mismatch|output|${tool}@${version}`,
        });
      }
    }
    findings.push(...(await learnedDrift(unregistered, context)));
    return findings;
  },
};
