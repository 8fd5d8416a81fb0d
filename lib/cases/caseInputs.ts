import { z } from 'zod';
import { ENVIRONMENTS } from '../environment';

/** What every case command answers: the value, or a message and errors per input field. */
export type CaseResult<T> = { ok: true; value: T } | { ok: false; message: string; fields: Record<string, string[]> };

/** Who acts on a case: the signed-in user (recorded in the console log by email). */
export interface CaseActor {
  id: string | null;
  email: string;
}

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

// Forms send empty fields for "not given".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const noControlCharacters = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);

const caseId = z.uuid({ error: 'is not a case id' });
const title = z.string({ error: 'give the case a title' }).trim().min(1, 'give the case a title').max(200, 'at most 200 characters')
  .refine(noControlCharacters, 'must not contain control characters');
const noteBody = z.string({ error: 'write the note first' }).trim().min(1, 'write the note first').max(10_000, 'at most 10,000 characters');

export const createCaseInput = z.object({ title, note: optional(noteBody) });

export const updateCaseInput = z.object({
  caseId,
  title: optional(title),
  status: optional(z.enum(CASE_STATUSES, { error: 'must be open or closed' })),
}).refine((value) => value.title !== undefined || value.status !== undefined, { error: 'change the title or the status', path: ['status'] });

export const pinInput = z.object({
  caseId,
  environment: z.enum(ENVIRONMENTS, { error: 'must be staging or production' }),
  seq: z.coerce.number({ error: 'must be a sequence number' }).int('must be a whole number').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER),
});

export const noteInput = z.object({ caseId, body: noteBody });

/** safeParse into a CaseResult: field errors keyed by input name, as forms show them. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): CaseResult<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const fields = z.flattenError(result.error).fieldErrors as Record<string, string[]>;
  const messages = Object.entries(fields).map(([name, errors]) => `${name}: ${errors.join('; ')}`);
  const formErrors = z.flattenError(result.error).formErrors;
  return { ok: false, message: [...messages, ...formErrors].join(', ') || 'invalid input', fields };
}

export const refused = (field: string, message: string): CaseResult<never> => ({ ok: false, message: `${field}: ${message}`, fields: { [field]: [message] } });
