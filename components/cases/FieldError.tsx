/** Errors for one form field, from the server action's zod result. */
export function FieldError({ name, fields }: { name: string; fields: Record<string, string[]> }) {
  const messages = fields[name];
  if (!messages?.length) return null;
  return <p id={`${name}-error`} role="alert" data-testid={`error-${name}`} className="mt-1 text-xs text-rose-700">{messages.join('; ')}</p>;
}

/** The message of a refused action when no field names the problem. */
export function FormMessage({ ok, message, fields, names }: { ok: boolean | null; message: string | null; fields: Record<string, string[]>; names: string[] }) {
  if (ok !== false || !message || names.some((name) => fields[name]?.length)) return null;
  return <p role="alert" className="text-xs text-rose-700">{message}</p>;
}
