import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AlertNoteForm, AlertStatusForm, AssignAlertForm } from '@/components/anomalies/AlertForms';
import { SeverityBadge, STATUS_LABELS } from '@/components/anomalies/AlertTable';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { assignableUsers, detectorInfo, executionHref, explorerHref, getAlert, subjectText, type AlertDetail } from '@/lib/detect';
import { addAlertNoteAction, assignAlertAction, setAlertStatusAction } from '../actions';

export const metadata: Metadata = { title: 'Alert' };

const utc = (date: Date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function historyLine(entry: AlertDetail['history'][number]): string {
  const details = entry.details ?? {};
  if (entry.action === 'alert.status_changed') return `status: ${STATUS_LABELS[String(details.from)] ?? details.from} → ${STATUS_LABELS[String(details.to)] ?? details.to}`;
  if (entry.action === 'alert.assigned') return `assignee: ${details.from ?? 'nobody'} → ${details.to ?? 'nobody'}`;
  if (entry.action === 'alert.note_added') return `note (${details.characters} characters)`;
  return entry.action;
}

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('analyst');
  const { id } = await params;
  const alert = await getAlert(id);
  if (!alert) redirect('/anomalies/alerts');
  const users = await assignableUsers();
  const detector = detectorInfo().find((info) => info.name === alert.detector);
  const fact = (label: string, value: React.ReactNode) => (
    <div><dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt><dd className="text-sm">{value}</dd></div>
  );
  return (
    <>
      <PageHeader title={alert.title} description={detector ? `${detector.label}: ${detector.description}` : alert.detector}>
        <a href={`/anomalies/alerts?env=${alert.environment}`} className="whitespace-nowrap text-sm text-sky-700 hover:underline">← All alerts</a>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-6">
          <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label="Why">
            <div className="mb-2 flex items-center gap-2"><SeverityBadge severity={alert.severity} /><span data-testid="alert-detail-status" className="text-sm font-medium">{STATUS_LABELS[alert.status]}</span></div>
            <p data-testid="alert-explanation" className="whitespace-pre-wrap text-sm">{alert.explanation}</p>
            <dl className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-3">
              {fact('Environment', alert.environment)}
              {fact('Subject', subjectText(alert))}
              {fact('Session', alert.subjectSession ? <a className="text-sky-700 hover:underline" href={`/executions/sessions/${alert.environment}/${encodeURIComponent(alert.subjectSession)}`}>{alert.subjectSession}</a> : '—')}
              {fact('First evidence', utc(alert.firstSeenAt))}
              {fact('Last evidence', utc(alert.lastSeenAt))}
              {fact('Detections', `${alert.occurrences} (alert opened ${utc(alert.createdAt)})`)}
            </dl>
            {alert.link && <p className="mt-3 text-sm"><a className="text-sky-700 hover:underline" href={alert.link}>More evidence →</a></p>}
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label="Evidence">
            <div className="mb-2 flex items-center justify-between">
              <h2 className="font-semibold">Evidence: {alert.evidenceCount} execution{alert.evidenceCount === 1 ? '' : 's'}</h2>
              <a data-testid="alert-explorer-link" href={explorerHref(alert)} className="text-sm text-sky-700 hover:underline">Open in the explorer →</a>
            </div>
            <ul className="flex flex-wrap gap-2 text-sm" data-testid="alert-evidence">
              {alert.evidenceSeqs.map((seq) => (
                <li key={seq}><a href={executionHref(alert.environment, seq)} className="rounded border border-slate-200 px-2 py-0.5 font-mono text-xs text-sky-700 hover:bg-sky-50">{alert.environment}/{seq}</a></li>
              ))}
            </ul>
            {alert.evidenceCount > alert.evidenceSeqs.length && <p className="mt-2 text-xs text-slate-500">The first {alert.evidenceSeqs.length} are listed; the explorer link uses the same list.</p>}
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label="Notes">
            <h2 className="mb-2 font-semibold">Notes</h2>
            <ul className="mb-4 space-y-3" data-testid="alert-notes">
              {alert.notes.map((note) => (
                <li key={note.id} className="text-sm"><p className="whitespace-pre-wrap">{note.body}</p><p className="text-xs text-slate-500">{note.author} · {utc(note.createdAt)}</p></li>
              ))}
              {alert.notes.length === 0 && <li className="text-sm text-slate-500">No notes yet.</li>}
            </ul>
            <AlertNoteForm action={addAlertNoteAction} alertId={alert.id} />
          </section>
        </div>
        <aside className="space-y-6">
          <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label="Handling">
            <h2 className="mb-2 font-semibold">Status</h2>
            <AlertStatusForm action={setAlertStatusAction} alertId={alert.id} status={alert.status} />
            <h2 className="mb-2 mt-4 font-semibold">Assignee</h2>
            <AssignAlertForm action={assignAlertAction} alertId={alert.id} assignee={alert.assignee} users={users} />
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label="History">
            <h2 className="mb-2 font-semibold">History (console log)</h2>
            <ol className="space-y-2 text-xs" data-testid="alert-history">
              {alert.history.map((entry) => (
                <li key={entry.seq}><span className="font-mono text-slate-500">#{entry.seq}</span> {entry.actor}: {historyLine(entry)} <span className="text-slate-500">· {utc(entry.at)}</span></li>
              ))}
              {alert.history.length === 0 && <li className="text-slate-500">No changes yet.</li>}
            </ol>
          </section>
        </aside>
      </div>
    </>
  );
}
