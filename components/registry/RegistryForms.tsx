'use client';

import { useActionState, useState } from 'react';
import { FieldError, FormMessage } from '@/components/cases/FieldError';
import { INITIAL_FORM_STATE, type FormAction, type FormState } from '@/components/cases/formState';

export const BUTTON = 'rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60';
export const PRIMARY = `${BUTTON} bg-slate-900 text-white hover:bg-slate-700`;
export const SECONDARY = `${BUTTON} border border-slate-300 bg-white hover:bg-slate-50`;
const INPUT = 'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm';
const LABEL = 'block text-xs font-medium uppercase tracking-wide text-slate-500';

function Done({ state }: { state: FormState }) {
  if (state.ok !== true || !state.message) return null;
  return <p role="status" className="text-xs text-emerald-700">{state.message}</p>;
}

const EXAMPLE_MANIFEST = JSON.stringify({
  name: 'read_file', version: '1.0.0', owner: 'team-docs', description: 'Read a file from the workspace',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
}, null, 2);

export function RegisterToolForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-2" aria-label="Register a tool version">
      <label htmlFor="tool-manifest" className={LABEL}>Manifest (JSON: name, version, owner, description, inputSchema, outputSchema, annotations)</label>
      <textarea id="tool-manifest" name="manifest" rows={10} className={`${INPUT} font-mono text-xs`} placeholder={EXAMPLE_MANIFEST}
        aria-invalid={Boolean(state.fields.manifest) || undefined} />
      <FieldError name="manifest" fields={state.fields} />
      <Done state={state} />
      <button type="submit" disabled={pending} className={PRIMARY}>{pending ? 'Registering…' : 'Register tool version'}</button>
    </form>
  );
}

export function ModelConfigForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const field = (name: string, label: string, placeholder: string) => (
    <div>
      <label htmlFor={`model-${name}`} className={LABEL}>{label}</label>
      <input id={`model-${name}`} name={name} placeholder={placeholder} className={INPUT} aria-invalid={Boolean(state.fields[name]) || undefined} />
      <FieldError name={name} fields={state.fields} />
    </div>
  );
  return (
    <form action={formAction} className="grid gap-2 sm:grid-cols-2" aria-label="Save a model config version">
      {field('name', 'Config name', 'support-agent')}
      {field('provider', 'Provider', 'anthropic')}
      {field('modelId', 'Model id', 'claude-sonnet-4')}
      {field('parameters', 'Parameters (JSON)', '{"temperature": 0.2}')}
      <div className="sm:col-span-2">{field('fallbacks', 'Ordered fallbacks (JSON)', '[{"provider": "openai", "modelId": "gpt-4.1"}]')}</div>
      <div className="sm:col-span-2 space-y-1">
        <FormMessage {...state} names={['name', 'provider', 'modelId', 'parameters', 'fallbacks']} />
        <Done state={state} />
        <button type="submit" disabled={pending} className={PRIMARY}>Save model config version</button>
      </div>
    </form>
  );
}

export interface ReleaseOptions {
  tools: Array<{ name: string; versions: Array<{ id: string; version: string }> }>;
  prompts: Array<{ name: string; versions: Array<{ id: string; version: number }> }>;
  models: Array<{ id: string; label: string }>;
}

export function ReleaseForm({ action, options }: { action: FormAction; options: ReleaseOptions }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const select = (name: string, label: string, items: Array<{ value: string; label: string }>) => (
    <div key={`${name}-${label}`}>
      <label htmlFor={`release-${name}-${label}`} className="block text-xs text-slate-600">{label}</label>
      <select id={`release-${name}-${label}`} name={name} defaultValue="" className={INPUT}>
        <option value="">— not in this release —</option>
        {items.map((item) => <option key={item.value} value={item.value}>{item.label}</option>)}
      </select>
    </div>
  );
  return (
    <form action={formAction} className="space-y-3" aria-label="Create a release">
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <label htmlFor="release-name" className={LABEL}>Release name</label>
          <input id="release-name" name="name" placeholder="2026.11.25-1" className={INPUT} />
          <FieldError name="name" fields={state.fields} />
        </div>
        <div>
          <label htmlFor="release-notes" className={LABEL}>Release notes</label>
          <input id="release-notes" name="notes" placeholder="What changes and why" className={INPUT} />
        </div>
      </div>
      <fieldset className="grid gap-2 sm:grid-cols-3">
        <legend className={LABEL}>Tool versions</legend>
        {options.tools.map((tool) => select('tools', tool.name, tool.versions.map((version) => ({ value: version.id, label: `${tool.name}@${version.version}` }))))}
      </fieldset>
      <FieldError name="tools" fields={state.fields} />
      {options.prompts.length > 0 && (
        <fieldset className="grid gap-2 sm:grid-cols-3">
          <legend className={LABEL}>Prompt versions</legend>
          {options.prompts.map((prompt) => select('prompts', prompt.name, prompt.versions.map((version) => ({ value: version.id, label: `${prompt.name} v${version.version}` }))))}
        </fieldset>
      )}
      <FieldError name="prompts" fields={state.fields} />
      {select('modelConfig', 'Model config version', options.models.map((model) => ({ value: model.id, label: model.label })))}
      <FieldError name="modelConfig" fields={state.fields} />
      <FormMessage {...state} names={['name', 'tools', 'prompts', 'modelConfig']} />
      <button type="submit" disabled={pending} className={PRIMARY}>{pending ? 'Creating…' : 'Create release'}</button>
    </form>
  );
}

/** A one-button form with hidden fields (deploy to staging, deploy an approved promotion). */
export function ActionButton({ action, hidden, label, tone = 'secondary' }: { action: FormAction; hidden: Record<string, string>; label: string; tone?: 'primary' | 'secondary' }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-1">
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button type="submit" disabled={pending} className={tone === 'primary' ? PRIMARY : SECONDARY}>{pending ? '…' : label}</button>
      <FormMessage {...state} names={[]} />
      <Done state={state} />
    </form>
  );
}

export function RequestPromotionForm({ action, releaseId }: { action: FormAction; releaseId: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-2" aria-label="Request promotion to production">
      <input type="hidden" name="releaseId" value={releaseId} />
      <label htmlFor="promotion-reason" className={LABEL}>Why should this go to production?</label>
      <textarea id="promotion-reason" name="reason" rows={2} className={INPUT} aria-invalid={Boolean(state.fields.reason) || undefined} />
      <FieldError name="reason" fields={state.fields} />
      <FormMessage {...state} names={['reason']} />
      <button type="submit" disabled={pending} className={PRIMARY}>Request promotion to production</button>
    </form>
  );
}

/** Approve / reject (shown only to leads and admins other than the requester; the server checks again). */
export function DecisionForm({ action, requestId }: { action: FormAction; requestId: string }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-2" aria-label="Decide on this promotion">
      <input type="hidden" name="requestId" value={requestId} />
      <label htmlFor="decision-comment" className={LABEL}>Comment (required to reject)</label>
      <textarea id="decision-comment" name="comment" rows={2} className={INPUT} />
      <FieldError name="comment" fields={state.fields} />
      <FormMessage {...state} names={['comment']} />
      <Done state={state} />
      <div className="flex gap-2">
        <button type="submit" name="decision" value="approved" disabled={pending} className={`${BUTTON} bg-emerald-700 text-white hover:bg-emerald-600`}>Approve</button>
        <button type="submit" name="decision" value="rejected" disabled={pending} className={`${BUTTON} bg-rose-700 text-white hover:bg-rose-600`}>Reject</button>
      </div>
    </form>
  );
}

/** Roll back with one confirmation: pick the target (default: the previous release), say why, confirm. */
export function RollbackForm({ action, environment, deploymentId, targets }: {
  action: FormAction; environment: string; deploymentId: number; targets: Array<{ releaseId: string; releaseName: string; lastLiveAt: string }>;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const [confirming, setConfirming] = useState(false);
  const [target, setTarget] = useState(targets[0]?.releaseId ?? '');
  const targetName = targets.find((candidate) => candidate.releaseId === target)?.releaseName ?? '';
  if (targets.length === 0) return <p className="text-sm text-slate-500">No earlier release to roll back to.</p>;
  return (
    <form action={formAction} className="space-y-2" aria-label="Roll back">
      <input type="hidden" name="environment" value={environment} />
      <input type="hidden" name="expectedDeploymentId" value={deploymentId} />
      <label htmlFor="rollback-target" className={LABEL}>Roll back to</label>
      <select id="rollback-target" name="releaseId" value={target} onChange={(event) => setTarget(event.target.value)} className={INPUT}>
        {targets.map((candidate, index) => (
          <option key={candidate.releaseId} value={candidate.releaseId}>{candidate.releaseName}{index === 0 ? ' (previous release)' : ''} — live until {candidate.lastLiveAt.slice(0, 16).replace('T', ' ')}</option>
        ))}
      </select>
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)} className={`${BUTTON} bg-rose-700 text-white hover:bg-rose-600`}>Roll back to {targetName}</button>
      ) : (
        <div role="alertdialog" aria-label="Confirm rollback" className="space-y-2 rounded-md border border-rose-300 bg-rose-50 p-3">
          <p className="text-sm">Roll {environment} back to <strong>{targetName}</strong> now? This is recorded and announced.</p>
          <label htmlFor="rollback-reason" className={LABEL}>Reason</label>
          <textarea id="rollback-reason" name="reason" rows={2} required className={INPUT} aria-invalid={Boolean(state.fields.reason) || undefined} />
          <FieldError name="reason" fields={state.fields} />
          <div className="flex gap-2">
            <button type="submit" disabled={pending} className={`${BUTTON} bg-rose-700 text-white hover:bg-rose-600`}>{pending ? 'Rolling back…' : 'Confirm rollback'}</button>
            <button type="button" onClick={() => setConfirming(false)} className={SECONDARY}>Cancel</button>
          </div>
        </div>
      )}
      <FormMessage {...state} names={['reason']} />
      <Done state={state} />
    </form>
  );
}

export function ModelRollbackForm({ action, environment, deploymentId, current, options }: {
  action: FormAction; environment: string; deploymentId: number; current: string; options: Array<{ target: string; label: string }>;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const [confirming, setConfirming] = useState(false);
  if (options.length === 0) return <p className="text-sm text-slate-500">Model: {current}. No previous version or fallback to switch to.</p>;
  return (
    <form action={formAction} className="space-y-2" aria-label="Switch the model">
      <input type="hidden" name="environment" value={environment} />
      <input type="hidden" name="expectedDeploymentId" value={deploymentId} />
      <p className="text-sm">Model now: <span className="font-mono">{current}</span></p>
      <label htmlFor="model-target" className={LABEL}>Switch to</label>
      <select id="model-target" name="target" className={INPUT}>
        {options.map((option) => <option key={option.target} value={option.target}>{option.label}</option>)}
      </select>
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)} className={SECONDARY}>Switch model…</button>
      ) : (
        <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="model-reason" className={LABEL}>Reason</label>
          <textarea id="model-reason" name="reason" rows={2} required className={INPUT} />
          <FieldError name="reason" fields={state.fields} />
          <button type="submit" disabled={pending} className={PRIMARY}>Confirm model switch</button>
        </div>
      )}
      <FormMessage {...state} names={['reason']} />
      <Done state={state} />
    </form>
  );
}
