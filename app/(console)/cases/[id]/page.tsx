import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CaseDetailView } from '@/components/cases/CaseDetailView';
import { toRowView } from '@/components/executions/executionViews';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';
import { getCase, type CaseDetail, type CaseHistoryEntry } from '@/lib/cases';
import { addCaseNoteAction, unpinExecutionAction, updateCaseAction } from '../actions';

export const metadata: Metadata = { title: 'Case' };

/** One line for a history entry, from its ledger details (never note text: the ledger holds its hash). */
function summarise(entry: CaseHistoryEntry): string {
  const details = entry.details ?? {};
  if (typeof details.execution === 'string') return details.execution;
  if (typeof details.title === 'string') return details.title;
  const changes = details.changes as Record<string, { from: string; to: string }> | undefined;
  if (changes) return Object.entries(changes).map(([name, change]) => `${name}: ${change.from} → ${change.to}`).join(', ');
  if (typeof details.characters === 'number') return `${details.characters} characters`;
  return '';
}

function CaseBody({ found }: { found: CaseDetail }) {
  return (
    <CaseDetailView id={found.id} title={found.title} status={found.status} createdBy={found.createdBy} createdAt={found.createdAt.toISOString()}
      pins={found.pins.map((pin) => ({ environment: pin.environment, seq: pin.seq, pinnedBy: pin.pinnedBy, pinnedAt: pin.pinnedAt.toISOString(), execution: pin.execution && toRowView(pin.execution) }))}
      notes={found.notes.map((note) => ({ ...note, createdAt: note.createdAt.toISOString() }))}
      history={found.history.map((entry) => ({ seq: entry.seq, at: entry.at.toISOString(), actor: entry.actor, action: entry.action, summary: summarise(entry) }))}
      actions={{ update: updateCaseAction, unpin: unpinExecutionAction, addNote: addCaseNoteAction }} />
  );
}

export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('analyst');
  const { id } = await params;
  const found = await getCase(id);
  // Read before anything renders: an unknown case (a wrong or mistyped link) goes to the list, which says so.
  if (!found) redirect(`/cases?missing=${encodeURIComponent(id.slice(0, 64))}`);
  return (
    <>
      <PageHeader title={found.title} description="A case: executions pinned as evidence, notes, and every change as recorded in the console log." />
      <CaseBody found={found} />
    </>
  );
}
