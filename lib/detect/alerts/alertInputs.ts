import { z } from 'zod';
import { ENVIRONMENTS } from '../../environment';
import { ALERT_STATUSES, SEVERITIES, type AlertStatus, type Severity } from '../types';

export type AlertResult<T> = { ok: true; value: T } | { ok: false; message: string; fields: Record<string, string[]> };

export interface AlertActor { id: string | null; email: string }

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const alertId = z.uuid({ error: 'is not an alert id' });

export const statusInput = z.object({
  alertId,
  status: z.enum(ALERT_STATUSES as [AlertStatus, ...AlertStatus[]], { error: 'must be open, acknowledged, resolved or false_positive' }),
});

/** An empty assignee ("—") un-assigns. */
export const assignInput = z.object({
  alertId,
  assignee: z.preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.union([z.literal(''), z.email({ error: 'must be the e-mail address of a console user' }).max(254)])),
});

export const alertNoteInput = z.object({
  alertId,
  body: z.string({ error: 'write the note first' }).trim().min(1, 'write the note first').max(10_000, 'at most 10,000 characters'),
});

const filterText = z.string().trim().min(1).max(200).refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters');
const csv = <T extends string>(values: readonly T[]) => z.string().transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(z.enum(values as [T, ...T[]])).min(1));

/** The alert list's URL parameters. */
export const alertFilterInput = z.object({
  env: optional(z.enum(ENVIRONMENTS)),
  status: optional(csv(ALERT_STATUSES)),
  severity: optional(z.enum(SEVERITIES as [Severity, ...Severity[]])),
  detector: optional(filterText),
  tool: optional(filterText),
  user: optional(filterText),
  agent: optional(filterText),
  q: optional(filterText),
  from: optional(z.iso.datetime({ offset: true }).transform((value) => new Date(value))),
  to: optional(z.iso.datetime({ offset: true }).transform((value) => new Date(value))),
});
export type AlertFilterValues = z.output<typeof alertFilterInput>;

export function parseAlertInput<T extends z.ZodType>(schema: T, input: unknown): AlertResult<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const fields = z.flattenError(result.error).fieldErrors as Record<string, string[]>;
  return { ok: false, message: Object.entries(fields).map(([name, errors]) => `${name}: ${errors.join('; ')}`).join(', ') || 'invalid input', fields };
}

export const refusedAlert = (field: string, message: string): AlertResult<never> => ({ ok: false, message: `${field}: ${message}`, fields: { [field]: [message] } });
