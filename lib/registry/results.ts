import type { z } from 'zod';

/** What every registry command answers: the value, or a message and errors per input field. */
export type RegistryResult<T> = { ok: true; value: T } | { ok: false; message: string; fields: Record<string, string[]>; status?: number };

/** Who acts: a signed-in user (recorded by email), or a token for the CI paths that allow one. */
export interface RegistryActor {
  id: string | null;
  email: string;
  /** Set when the change came with an API token (CI); promotions and rollbacks refuse these. */
  tokenPrefix?: string;
}

export function refused(field: string, message: string, status = 400): { ok: false; message: string; fields: Record<string, string[]>; status: number } {
  return { ok: false, message, fields: { [field]: [message] }, status };
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): RegistryResult<z.infer<T>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    (fields[key] ??= []).push(issue.message);
  }
  const first = parsed.error.issues[0];
  return { ok: false, message: first ? `${first.path.length > 0 ? `${first.path.join('.')}: ` : ''}${first.message}` : 'invalid input', fields, status: 400 };
}
