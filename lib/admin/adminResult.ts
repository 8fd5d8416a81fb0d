import { z } from 'zod';

/** What every admin command answers: the value, or a message and errors per form field. */
export type AdminResult<T> = { ok: true; value: T } | { ok: false; message: string; fields: Record<string, string[]> };

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): AdminResult<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const flat = z.flattenError(result.error);
  const fields = flat.fieldErrors as Record<string, string[]>;
  const messages = Object.entries(fields).map(([name, errors]) => `${name}: ${errors.join('; ')}`);
  return { ok: false, message: [...messages, ...flat.formErrors].join(', ') || 'invalid input', fields };
}

export const refused = (field: string, message: string): AdminResult<never> => ({ ok: false, message, fields: { [field]: [message] } });

/** Forms send empty fields for "not given". */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

/** Runs a command that throws `errorClass` for refused input, as a field error on `field` (or the error's own). */
export async function asResult<T>(field: string, errorClass: new (...args: never[]) => Error, work: () => Promise<T>): Promise<AdminResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof errorClass) return refused((error as Error & { field?: string }).field ?? field, error.message);
    throw error;
  }
}
