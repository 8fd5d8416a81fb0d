'use client';

import { useState, useTransition } from 'react';
import { JsonView } from './JsonTree';

export interface ContentFieldView {
  /** API name: prompt, arguments, output, error, side_effects, attributes. */
  name: string;
  label: string;
  value: unknown;
}

export type RevealResult = { ok: true; content: Record<string, unknown> } | { ok: false; message: string };

function FieldValue({ name, value }: { name: string; value: unknown }) {
  // Prompt, error and a string output are text: shown exactly, whitespace kept, never as markup.
  if (typeof value === 'string' && (name === 'prompt' || name === 'error' || name === 'output')) {
    return <pre className={`max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-xs ${name === 'error' ? 'text-rose-800' : 'text-slate-800'}`}>{value}</pre>;
  }
  return <JsonView value={value} />;
}

/**
 * What the execution carried, secrets masked. A lead (or admin) can reveal them: `reveal` is a
 * server action that checks the role, records the reveal in the console log and returns the
 * unmasked fields; analysts get no button and never receive the values.
 */
export function ExecutionContent({ fields, masked, maskedKinds, reveal }: {
  fields: ContentFieldView[]; masked: string[]; maskedKinds: string[]; reveal: (() => Promise<RevealResult>) | null;
}) {
  const [revealed, setRevealed] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const onReveal = () => startTransition(async () => {
    setError(null);
    try {
      const result = await reveal!();
      if (result.ok) setRevealed(result.content);
      else setError(result.message);
    } catch {
      setError('The secrets could not be revealed (your session or role may have changed).');
    }
  });

  return (
    <section className="space-y-3" aria-label="Content" data-testid="execution-content">
      {masked.length > 0 && (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="secrets-notice">
          <span>
            {revealed ? 'Secrets revealed (recorded in the console log): ' : 'Secrets masked: '}
            {maskedKinds.join(', ')} in {masked.join(', ')}.
            {!reveal && !revealed && ' Revealing them needs the lead role.'}
          </span>
          {reveal && !revealed && (
            <button type="button" onClick={onReveal} disabled={pending}
              className="rounded-md bg-amber-700 px-3 py-1 text-xs font-medium text-white hover:bg-amber-800 disabled:opacity-60">
              {pending ? 'Revealing…' : 'Reveal secrets'}
            </button>
          )}
        </div>
      )}
      {error && <p role="alert" className="text-sm text-rose-700">{error}</p>}
      {fields.length === 0 && <p className="text-sm text-slate-500">This execution reported no prompt, arguments, output, error, side effects or attributes.</p>}
      {fields.map((field) => {
        const value = revealed && field.name in revealed ? revealed[field.name] : field.value;
        return (
          <details key={field.name} open className="rounded-xl border border-slate-200 bg-white p-4" data-testid={`field-${field.name}`}>
            <summary className="cursor-pointer text-sm font-semibold">
              {field.label}
              {masked.includes(field.name) && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">{revealed ? 'revealed' : 'masked'}</span>}
            </summary>
            <div className="mt-2"><FieldValue name={field.name} value={value} /></div>
          </details>
        );
      })}
    </section>
  );
}
