/** Errors for one form field, from the server action's zod result. */
export function FieldError({ name, fields }: { name: string; fields: Record<string, string[]> }) {
  const messages = fields[name];
  if (!messages?.length) return null;
  return <p role="alert" data-testid={`error-${name}`} className="mt-1 text-xs text-rose-700">{messages.join('; ')}</p>;
}

/** The message of a refused action when no shown field names the problem. */
export function FormMessage({ ok, message, fields, names }: { ok: boolean | null; message: string | null; fields: Record<string, string[]>; names: string[] }) {
  if (ok !== false || !message || names.some((name) => fields[name]?.length)) return null;
  return <p role="alert" data-testid="form-message" className="text-xs text-rose-700">{message}</p>;
}

export const inputClass = 'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm';
export const labelClass = 'block text-xs font-medium uppercase tracking-wide text-slate-500';
export const buttonClass = 'rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60';
export const smallButtonClass = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60';
