import type { Hunk } from '@/lib/prompts/wordDiff';
import { TextDiffView } from './TextDiffView';

interface ChangeView {
  name: string;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  from: string | null;
  to: string | null;
  hunks: Hunk[];
  changes: Array<{ severity: string; rule: string; message: string }>;
}

const CHANGE: Record<ChangeView['change'], string> = { added: 'text-emerald-700', removed: 'text-rose-700', changed: 'text-amber-700', unchanged: 'text-slate-500' };
const SEVERITY: Record<string, string> = { breaking: 'bg-rose-100 text-rose-800', additive: 'bg-emerald-100 text-emerald-800', cosmetic: 'bg-slate-100 text-slate-700' };

function Item({ kind, item }: { kind: string; item: ChangeView }) {
  return (
    <li className="space-y-2" data-testid={`change-${kind}-${item.name}`} data-change={item.change}>
      <div className="text-sm">
        <span className="font-medium">{kind === 'model' ? 'Model config' : item.name}</span>{' '}
        <span className={CHANGE[item.change]}>{item.change}</span>{' '}
        <span className="text-slate-600">{item.from ?? '—'} → {item.to ?? '—'}</span>
      </div>
      {item.changes.filter((change) => change.severity !== 'cosmetic').length > 0 && (
        <ul className="space-y-0.5 text-xs">
          {item.changes.filter((change) => change.severity !== 'cosmetic').map((change, index) => (
            <li key={index}><span className={`rounded px-1 ${SEVERITY[change.severity]}`}>{change.severity}</span> {change.message} <span className="text-slate-400">[{change.rule}]</span></li>
          ))}
        </ul>
      )}
      {item.change !== 'unchanged' && <TextDiffView title={kind === 'tool' ? 'manifest' : kind === 'prompt' ? 'template' : 'model config'} fromLabel={item.from ?? 'nothing'} toLabel={item.to ?? 'nothing'} hunks={item.hunks} />}
    </li>
  );
}

/** Everything a promotion changes against production: tool manifests, prompts, the model. */
export function PromotionChanges({ tools, prompts, model }: { tools: ChangeView[]; prompts: ChangeView[]; model: ChangeView }) {
  return (
    <div className="space-y-5">
      <div>
        <h3 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Tools</h3>
        {tools.length === 0 ? <p className="text-sm text-slate-500">No tools on either side.</p> : <ul className="space-y-4">{tools.map((tool) => <Item key={tool.name} kind="tool" item={tool} />)}</ul>}
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Prompts</h3>
        {prompts.length === 0 ? <p className="text-sm text-slate-500">No prompts on either side.</p> : <ul className="space-y-4">{prompts.map((prompt) => <Item key={prompt.name} kind="prompt" item={prompt} />)}</ul>}
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Model</h3>
        <ul><Item kind="model" item={model} /></ul>
      </div>
    </div>
  );
}
