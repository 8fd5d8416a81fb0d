'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent, ReactNode } from 'react';

type Values = Record<string, string | undefined>;
type Errors = Record<string, string[] | undefined>;

const RANGES: Array<[string, string]> = [['', 'Any time'], ['15m', 'Last 15 minutes'], ['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days']];
const INPUT = 'w-full rounded-md border px-2 py-1.5 text-sm';
// Filters shown folded away unless one of them is set (or wrong).
const MORE = ['agent', 'method', 'model', 'prompt_name', 'prompt_version', 'input_schema_hash', 'from', 'to', 'min_duration_ms', 'max_duration_ms', 'sort', 'order', 'limit'];

function Field({ name, label, errors, children }: { name: string; label: string; errors: Errors; children: ReactNode }) {
  const messages = errors[name];
  return (
    <div>
      <label htmlFor={`f-${name}`} className="block text-xs font-medium uppercase tracking-wide text-slate-500">{label}</label>
      {children}
      {messages && <p id={`f-${name}-error`} role="alert" data-testid={`error-${name}`} className="mt-1 text-xs text-rose-700">{messages.join('; ')}</p>}
    </div>
  );
}

function Text({ name, label, values, errors, placeholder }: { name: string; label: string; values: Values; errors: Errors; placeholder?: string }) {
  const invalid = Boolean(errors[name]);
  return (
    <Field name={name} label={label} errors={errors}>
      <input id={`f-${name}`} name={name} defaultValue={values[name] ?? ''} placeholder={placeholder} aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `f-${name}-error` : undefined} className={`${INPUT} ${invalid ? 'border-rose-400' : 'border-slate-300'}`} />
    </Field>
  );
}

function Select({ name, label, values, errors, options }: { name: string; label: string; values: Values; errors: Errors; options: Array<[string, string]> }) {
  const invalid = Boolean(errors[name]);
  return (
    <Field name={name} label={label} errors={errors}>
      <select id={`f-${name}`} name={name} defaultValue={values[name] ?? options[0]![0]} aria-invalid={invalid || undefined}
        className={`${INPUT} bg-white ${invalid ? 'border-rose-400' : 'border-slate-300'}`}>
        {options.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </Field>
  );
}

// Values that mean "no filter" or the default; left out of the URL so shared links stay short.
const DEFAULTS: Record<string, string> = { sort: 'time', order: 'desc' };

/**
 * The explorer's filters as a GET form: submitting puts every filter in the URL, so a search is a
 * link to share and the back button walks through earlier searches. Without JavaScript the browser
 * submits it as is; with it, empty and default fields are left out of the URL.
 */
export function SearchForm({ values, errors, environment }: { values: Values; errors: Errors; environment: string }) {
  const router = useRouter();
  const props = { values, errors };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === 'string' && value.trim() !== '' && DEFAULTS[name] !== value) params.append(name, value);
    }
    router.push(`/executions?${params}`);
  }
  const moreOpen = MORE.some((name) => values[name] || errors[name]);
  return (
    <form method="get" action="/executions" onSubmit={submit} role="search" aria-label="Search executions" className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <div className="grid gap-3 md:grid-cols-[1fr_10rem_12rem_auto] md:items-end">
        <Text name="q" label="Search" placeholder='Text in prompts, arguments, outputs, errors — e.g. sk_live_4f, "rm -rf", 本番' {...props} />
        <Select name="env" label="Environment" options={[['staging', 'staging'], ['production', 'production']]} values={{ ...values, env: values.env ?? environment }} errors={errors} />
        <Select name="range" label="Time range" options={RANGES} {...props} />
        <button type="submit" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">Search</button>
      </div>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Text name="tool" label="Tool" {...props} />
        <Text name="tool_version" label="Tool version" {...props} />
        <Text name="server" label="Server" {...props} />
        <Text name="user" label="User" {...props} />
        <Text name="session" label="Session" {...props} />
        <Select name="status" label="Status" options={[['', 'Any'], ['ok', 'ok'], ['error', 'error']]} {...props} />
      </div>
      <details open={moreOpen} className="group">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">More filters: agent, method, model, prompt, schema, custom time, duration, sort</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Text name="agent" label="Agent" {...props} />
          <Text name="method" label="Method" placeholder="tools/call" {...props} />
          <Text name="model" label="Model" {...props} />
          <Text name="prompt_name" label="Prompt name" {...props} />
          <Text name="prompt_version" label="Prompt version" {...props} />
          <Text name="input_schema_hash" label="Input schema hash" {...props} />
          <Text name="from" label="From (UTC)" placeholder="2026-11-25T09:00:00Z" {...props} />
          <Text name="to" label="To (UTC)" placeholder="2026-11-25T10:00:00Z" {...props} />
          <Text name="min_duration_ms" label="Min duration (ms)" {...props} />
          <Text name="max_duration_ms" label="Max duration (ms)" {...props} />
          <Select name="sort" label="Sort by" options={[['time', 'Time'], ['duration', 'Duration'], ['seq', 'Arrival (seq)']]} {...props} />
          <Select name="order" label="Order" options={[['desc', 'Newest / longest first'], ['asc', 'Oldest / shortest first']]} {...props} />
        </div>
        <p className="mt-2 text-xs text-slate-500">A custom time range (from/to, on the record&apos;s own timestamp) replaces the preset: set the preset to Any time.</p>
      </details>
      {values.limit && <input type="hidden" name="limit" value={values.limit} />}
      {errors.limit && <p role="alert" className="text-xs text-rose-700">limit: {errors.limit.join('; ')}</p>}
      <a href={`/executions?env=${encodeURIComponent(values.env ?? environment)}`} className="text-sm text-sky-700 underline">Clear filters</a>
    </form>
  );
}
