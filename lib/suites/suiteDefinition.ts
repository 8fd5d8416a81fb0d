import { z } from 'zod';
import { ATTACK_IDS } from './attackIds';

/**
 * What a team writes for a tool or prompt: cases with an input and expectations, plus the built-in
 * attacks to enable. Stored as immutable suite versions (saveSuiteVersion).
 */
export const sideEffectRule = z.object({
  /** A side-effect kind (`shell_exec`, `dns`, `http`, `email`, `file_read`, …) or `*` for any. */
  kind: z.string().min(1),
  /** Matches when the effect's target contains this text (case-insensitive); absent: any target. */
  target: z.string().min(1).optional(),
}).strict();

export const expectationsSchema = z.object({
  /** The output (structuredContent, else the text parsed as JSON) validates against the registry's output schema. */
  outputMatchesSchema: z.boolean().optional(),
  contains: z.array(z.string().min(1)).optional(),
  notContains: z.array(z.string().min(1)).optional(),
  forbiddenSideEffects: z.array(sideEffectRule).optional(),
  /** Every dns/http side effect's host is one of these (or a subdomain). */
  allowedEgressHosts: z.array(z.string().min(1)).optional(),
  maxDurationMs: z.number().positive().optional(),
  /** Whether the call should fail (isError or a JSON-RPC error). Default: it must succeed. */
  isError: z.boolean().optional(),
  /** tools/list only: the tool's description and parameter descriptions carry no hidden instructions. */
  descriptionClean: z.boolean().optional(),
}).strict();
export type Expectations = z.infer<typeof expectationsSchema>;

export const caseSchema = z.object({
  name: z.string().min(1).max(200),
  kind: z.enum(['regression', 'attack']).default('regression'),
  method: z.enum(['tools/call', 'prompts/get', 'tools/list']).default('tools/call'),
  /** Tool arguments (tools/call) or prompt variables (prompts/get). */
  input: z.record(z.string(), z.unknown()).default({}),
  expect: expectationsSchema,
}).strict();
export type CaseDefinition = z.infer<typeof caseSchema>;

export const attackOptionsSchema = z.object({
  /** The argument that carries the payload; default: the first string property of the tool's input schema. */
  argument: z.string().optional(),
  /** Arguments every attack call also sends (other required fields). */
  baseInput: z.record(z.string(), z.unknown()).optional(),
  /** A page with hidden instructions, for indirect injection (fetch-like tools). */
  injectionUrl: z.string().url().optional(),
  allowedEgressHosts: z.array(z.string()).optional(),
}).strict();
export type AttackOptions = z.infer<typeof attackOptionsSchema>;

export const suiteSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_./-]{1,128}$/, 'letters, digits and _ . / - (1–128)'),
  subject: z.object({ kind: z.enum(['tool', 'prompt']), name: z.string().min(1).max(128) }).strict(),
  description: z.string().max(2000).optional(),
  cases: z.array(caseSchema).default([]),
  attacks: z.array(z.enum(ATTACK_IDS)).default([]),
  attackOptions: attackOptionsSchema.optional(),
}).strict().superRefine((suite, context) => {
  const names = new Set<string>();
  for (const [index, testCase] of suite.cases.entries()) {
    if (names.has(testCase.name)) context.addIssue({ code: 'custom', path: ['cases', index, 'name'], message: `duplicate case name ${testCase.name}` });
    names.add(testCase.name);
    if (testCase.name.startsWith('attack:')) context.addIssue({ code: 'custom', path: ['cases', index, 'name'], message: 'names starting with attack: are the built-in library\'s' });
  }
  if (suite.subject.kind === 'prompt' && suite.attacks.length > 0) context.addIssue({ code: 'custom', path: ['attacks'], message: 'the built-in attacks target tools' });
});
export type SuiteDefinition = z.infer<typeof suiteSchema>;
