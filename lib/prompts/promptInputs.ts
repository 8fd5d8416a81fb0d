import { z } from 'zod';
import { VARIABLE_NAME } from './templateVariables';

/** What every prompt command answers: the value, or a message and errors per input field (forms show them). */
export type PromptResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 403 | 404 | 409; message: string; fields: Record<string, string[]> };

/** Who acts: a signed-in user (by email) or an API token (by prefix). */
export interface PromptActor {
  id: string | null;
  label: string;
  /** Where the request came from, for the console log. */
  sourceIp?: string | null;
}

/** The console-log fields for an actor. */
export const auditActor = (actor: PromptActor) => ({ actor: { id: actor.id, label: actor.label }, sourceIp: actor.sourceIp ?? null });

export const PROMPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
export const MAX_TEMPLATE_CHARACTERS = 100_000;
const MAX_PARAMETERS_CHARACTERS = 20_000;

// Forms send empty fields for "not given".
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const noControlCharacters = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);

export const promptName = z.string({ error: 'give the prompt a name' }).trim()
  .regex(PROMPT_NAME, 'letters, digits, ".", "_" and "-" (up to 128, starting with a letter or digit)');

const variableList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
  z.array(z.string().regex(VARIABLE_NAME, 'variable names are letters, digits and _ (not starting with a digit)')).max(200, 'at most 200 variables'),
);

const parameterObject = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return Symbol.for('invalid-json');
  }
}, z.record(z.string(), z.json(), { error: 'must be a JSON object, e.g. {"temperature": 0.2}' }))
  .refine((value) => JSON.stringify(value).length <= MAX_PARAMETERS_CHARACTERS, `at most ${MAX_PARAMETERS_CHARACTERS.toLocaleString('en')} characters of JSON`);

export const versionFields = {
  template: z.string({ error: 'write the template' })
    .refine((value) => value.trim().length > 0, 'write the template')
    .refine((value) => value.length <= MAX_TEMPLATE_CHARACTERS, `at most ${MAX_TEMPLATE_CHARACTERS.toLocaleString('en')} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters'),
  variables: z.preprocess(blankToUndefined, variableList.optional()),
  parameters: z.preprocess(blankToUndefined, parameterObject.optional()),
  tag: z.preprocess(blankToUndefined, z.string().trim().transform((value) => value.replace(/^v/, ''))
    .pipe(z.string().regex(SEMVER, 'a semantic version such as 1.4.0')).optional()),
  message: z.preprocess(blankToUndefined, z.string().trim().max(2000, 'at most 2,000 characters').refine(noControlCharacters, 'must not contain control characters').optional()),
  /** Optimistic concurrency: the version the author started from; refused if another landed since. */
  baseVersion: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).optional()),
};

export const createVersionInput = z.object({ name: promptName, ...versionFields });

export const createPromptInput = z.object({
  name: promptName,
  description: z.preprocess(blankToUndefined, z.string().trim().max(2000, 'at most 2,000 characters').optional()),
  owner: z.preprocess(blankToUndefined, z.string().trim().max(200, 'at most 200 characters').refine(noControlCharacters, 'must not contain control characters').optional()),
  // A prompt is created with its first version, so no prompt exists without content.
  ...versionFields,
});

export const stagingLabelInput = z.object({
  name: promptName,
  version: z.coerce.number({ error: 'must be a version number' }).int('must be a whole number').min(1, 'versions start at 1'),
});

/** safeParse into a PromptResult: field errors keyed by input name, as forms show them. */
export function parsePromptInput<T extends z.ZodType>(schema: T, input: unknown): PromptResult<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const flat = z.flattenError(result.error);
  const fields = flat.fieldErrors as Record<string, string[]>;
  const messages = Object.entries(fields).map(([name, errors]) => `${name}: ${errors.join('; ')}`);
  return { ok: false, status: 400, message: [...messages, ...flat.formErrors].join(', ') || 'invalid input', fields };
}

export const refusal = (status: 400 | 403 | 404 | 409, field: string, message: string): PromptResult<never> =>
  ({ ok: false, status, message: `${field}: ${message}`, fields: { [field]: [message] } });
