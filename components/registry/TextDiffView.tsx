import type { Hunk } from '@/lib/prompts/wordDiff';

const SEGMENT: Record<string, string> = { equal: '', delete: 'bg-rose-200 line-through decoration-rose-400', insert: 'bg-emerald-200' };

/**
 * A word diff in hunks, rendered on the server (manifests, prompts, model configs). Hunks come from
 * lib/prompts' wordDiffHunks, the diff the prompt registry uses, so manifests and prompts read alike.
 */
export function TextDiffView({ title, fromLabel, toLabel, hunks, testId }: { title: string; fromLabel: string; toLabel: string; hunks: Hunk[]; testId?: string }) {
  return (
    <figure data-testid={testId} className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <figcaption className="flex justify-between border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{title}</span>
        <span><span className="text-rose-700">− {fromLabel}</span> · <span className="text-emerald-700">+ {toLabel}</span></span>
      </figcaption>
      {hunks.length === 0 ? <p className="px-3 py-2 text-xs text-slate-500">No differences.</p> : (
        <div className="max-h-[28rem] overflow-auto font-mono text-xs">
          {hunks.map((hunk, index) => (
            <div key={index}>
              <div className="bg-sky-50 px-3 py-0.5 text-sky-700">@@ −{hunk.oldStart},{hunk.oldCount} +{hunk.newStart},{hunk.newCount} @@</div>
              {hunk.lines.map((line, lineIndex) => {
                const removed = line.kind === 'change' && line.segments.every((segment) => segment.kind !== 'insert');
                const added = line.kind === 'change' && line.segments.every((segment) => segment.kind !== 'delete');
                return (
                  <div key={lineIndex} className={`flex whitespace-pre-wrap ${line.kind === 'change' ? (removed ? 'bg-rose-50' : added ? 'bg-emerald-50' : 'bg-amber-50') : ''}`}>
                    <span className="w-10 shrink-0 select-none pr-2 text-right text-slate-400">{line.oldLine ?? ''}</span>
                    <span className="w-10 shrink-0 select-none pr-2 text-right text-slate-400">{line.newLine ?? ''}</span>
                    <span className="grow">{line.segments.map((segment, segmentIndex) => <span key={segmentIndex} className={SEGMENT[segment.kind]}>{segment.text}</span>)}</span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </figure>
  );
}
