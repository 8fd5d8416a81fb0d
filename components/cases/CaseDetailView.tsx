import Link from 'next/link';
import { ResultsTable } from '@/components/executions/ResultsTable';
import { executionHref, type ExecutionRowView } from '@/components/executions/executionViews';
import { AddNoteForm, CaseStatusForm, RenameCaseForm, UnpinButton } from './CaseForms';
import { StatusBadge } from './CaseList';
import type { FormAction } from './formState';

export interface CaseDetailViewProps {
  id: string;
  title: string;
  status: string;
  createdBy: string;
  createdAt: string;
  pins: Array<{ environment: string; seq: number; pinnedBy: string; pinnedAt: string; execution: ExecutionRowView | null }>;
  notes: Array<{ id: string; author: string; body: string; createdAt: string }>;
  history: Array<{ seq: number; at: string; actor: string; action: string; summary: string }>;
  actions: { update: FormAction; unpin: FormAction; addNote: FormAction };
}

const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 19)} UTC`;

export function CaseDetailView(props: CaseDetailViewProps) {
  const { id, status, pins, notes, history, actions } = props;
  const rows = pins.flatMap((pin) => (pin.execution ? [pin.execution] : []));
  return (
    <div className="space-y-6" data-testid="case-detail">
      <section className="flex flex-wrap items-start justify-between gap-4 rounded-xl border border-slate-200 bg-white p-5">
        <div className="space-y-1 text-sm">
          <p><StatusBadge status={status} /></p>
          <p className="text-slate-600">Opened by {props.createdBy} on {when(props.createdAt)}</p>
          <RenameCaseForm action={actions.update} caseId={id} title={props.title} />
        </div>
        <CaseStatusForm action={actions.update} caseId={id} status={status} />
      </section>

      <section className="space-y-2" aria-label="Pinned executions">
        <h2 className="text-lg font-semibold">Pinned executions ({pins.length})</h2>
        {pins.length === 0
          ? <p className="text-sm text-slate-500">Nothing pinned yet: open an execution from <Link href="/executions" className="text-sky-700 underline">Executions</Link> and pin it here{status === 'closed' ? ' (reopen the case first)' : ''}.</p>
          : (
            <>
              <ResultsTable rows={rows} testId="case-pins" />
              <ul className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-500">
                {pins.map((pin) => (
                  <li key={`${pin.environment}/${pin.seq}`} className="flex items-center gap-2">
                    <Link href={executionHref(pin.environment, pin.seq)} className="text-sky-700 hover:underline">{pin.environment}/{pin.seq}</Link>
                    <span>pinned by {pin.pinnedBy}{pin.execution ? '' : ' (execution not readable)'}</span>
                    <UnpinButton action={actions.unpin} caseId={id} environment={pin.environment} seq={pin.seq} />
                  </li>
                ))}
              </ul>
            </>
          )}
      </section>

      <section className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5" aria-label="Notes">
          <h2 className="text-lg font-semibold">Notes ({notes.length})</h2>
          <ol className="space-y-3" data-testid="case-notes">
            {notes.map((note) => (
              <li key={note.id} className="border-l-2 border-slate-200 pl-3">
                <p className="text-xs text-slate-500">{note.author} · {when(note.createdAt)}</p>
                <p className="whitespace-pre-wrap break-words text-sm">{note.body}</p>
              </li>
            ))}
          </ol>
          <AddNoteForm action={actions.addNote} caseId={id} />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-5" aria-label="History">
          <h2 className="text-lg font-semibold">History</h2>
          <p className="text-xs text-slate-500">Every change to this case, as recorded in the console log (hash-chained, in signed checkpoints).</p>
          <ol className="mt-3 space-y-1.5 text-sm" data-testid="case-history">
            {history.map((entry) => (
              <li key={entry.seq}>
                <span className="tabular-nums text-slate-500">{when(entry.at)}</span> · {entry.actor} · <span className="font-mono text-xs">{entry.action}</span>
                {entry.summary && <span className="text-slate-600"> — {entry.summary}</span>}
              </li>
            ))}
          </ol>
        </div>
      </section>
    </div>
  );
}
