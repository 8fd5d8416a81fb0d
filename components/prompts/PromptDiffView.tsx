'use client';

import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import { diffWords, wordDiffLines } from '@/lib/prompts/wordDiff';

// The viewer measures the DOM and styles itself at run time: browser only.
const ReactDiffViewer = dynamic(() => import('react-diff-viewer-continued'), {
  ssr: false,
  loading: () => <div aria-busy="true" className="h-24 animate-pulse bg-slate-100" />,
});

export type DiffLayout = 'split' | 'unified';

interface Side { label: string; text: string }

// The viewer colours words only for its built-in methods; with ours, the section's [&_ins]/[&_del] classes do.

/** jsdiff's change shape, which the viewer's compareMethod takes. */
interface Change { value: string; added: boolean; removed: boolean; count: number }

/** Word boundaries as `warden prompt diff` draws them, in jsdiff's shape, so the console and CI mark the same words. */
function promptWords(oldText: string, newText: string): Change[] {
  return diffWords(oldText, newText).map((segment) => ({
    value: segment.text, added: segment.kind === 'insert', removed: segment.kind === 'delete', count: 1,
  }));
}

const STYLES = {
  variables: { light: { diffViewerBackground: '#ffffff', gutterBackground: '#f8fafc', codeFoldBackground: '#f0f9ff', codeFoldGutterBackground: '#e0f2fe' } },
  contentText: { fontSize: '12px', lineHeight: '20px', whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  titleBlock: { fontSize: '11px', textTransform: 'uppercase', letterSpacing: '0.05em', padding: '6px 10px' },
} as const;

/**
 * A word-level diff of two texts (react-diff-viewer-continued), split or unified, unchanged regions
 * folded to 3 lines of context with a click to unfold.
 */
export function PromptDiffView({ title, old, new: next, layout, testId }: { title: string; old: Side; new: Side; layout: DiffLayout; testId: string }) {
  const changes = useMemo(() => wordDiffLines(old.text, next.text).filter((line) => line.kind === 'change').length, [old.text, next.text]);
  return (
    <section aria-label={title} data-testid={testId} data-layout={layout} className="overflow-hidden rounded-xl border border-slate-200 bg-white [&_del]:rounded-sm [&_del]:bg-rose-300 [&_ins]:rounded-sm [&_ins]:bg-emerald-300">
      <header className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm">
        <h2 className="font-semibold">{title}</h2>
        <span className="text-slate-500" data-testid={`${testId}-summary`}>{changes === 0 ? 'no differences' : `${changes} changed line${changes === 1 ? '' : 's'}`}</span>
      </header>
      <ReactDiffViewer
        oldValue={old.text} newValue={next.text} splitView={layout === 'split'} compareMethod={promptWords}
        showDiffOnly extraLinesSurroundingDiff={3} disableWorker hideSummary styles={STYLES}
        leftTitle={<span data-testid={`${testId}-old-label`}>{old.label}</span>}
        rightTitle={layout === 'split' ? <span data-testid={`${testId}-new-label`}>{next.label}</span> : undefined}
        codeFoldMessageRenderer={(lines) => <span data-testid="unfold" className="text-sky-800">⋯ {lines} unchanged lines (show)</span>}
      />
      {layout === 'unified' && <p className="border-t border-slate-100 px-4 py-1 text-xs text-slate-500">→ <span data-testid={`${testId}-new-label`}>{next.label}</span></p>}
    </section>
  );
}
