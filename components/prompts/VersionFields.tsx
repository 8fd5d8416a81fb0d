import { FieldError } from '@/components/cases/FieldError';

const label = 'block text-xs font-medium uppercase tracking-wide text-slate-500';
const input = 'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm';

export interface VersionDefaults {
  template?: string;
  variables?: string;
  parameters?: string;
}

/** Template, variables, parameters, tag and message: the fields of a new version (create and add forms). */
export function VersionFields({ fields, defaults = {}, idPrefix }: { fields: Record<string, string[]>; defaults?: VersionDefaults; idPrefix: string }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <div>
        <label htmlFor={id('template')} className={label}>Template</label>
        <textarea id={id('template')} name="template" rows={10} defaultValue={defaults.template} aria-invalid={Boolean(fields.template) || undefined}
          className={`${input} font-mono`} placeholder="Triage {{key}} for the {{team}} team. …" />
        <p className="mt-1 text-xs text-slate-500">Placeholders are written <code>{'{{name}}'}</code>.</p>
        <FieldError name="template" fields={fields} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={id('variables')} className={label}>Variables (optional)</label>
          <input id={id('variables')} name="variables" defaultValue={defaults.variables} className={input} placeholder="from the template when empty" />
          <FieldError name="variables" fields={fields} />
        </div>
        <div>
          <label htmlFor={id('tag')} className={label}>Semver tag (optional)</label>
          <input id={id('tag')} name="tag" className={input} placeholder="e.g. 1.4.0" />
          <FieldError name="tag" fields={fields} />
        </div>
      </div>
      <div>
        <label htmlFor={id('parameters')} className={label}>Model parameters (JSON, optional)</label>
        <textarea id={id('parameters')} name="parameters" rows={3} defaultValue={defaults.parameters} className={`${input} font-mono`} placeholder='{"model": "claude-sonnet-4", "temperature": 0.2}' />
        <FieldError name="parameters" fields={fields} />
      </div>
      <div>
        <label htmlFor={id('message')} className={label}>What changed and why</label>
        <input id={id('message')} name="message" maxLength={2000} className={input} />
        <FieldError name="message" fields={fields} />
      </div>
    </>
  );
}
