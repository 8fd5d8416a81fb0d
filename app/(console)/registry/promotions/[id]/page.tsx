import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PromotionChanges } from '@/components/registry/PromotionChanges';
import { ActionButton, DecisionForm } from '@/components/registry/RegistryForms';
import { GateList, ReleaseLink, Section, StatusBadge, when } from '@/components/registry/RegistryTables';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/server';
import { wordDiffHunks } from '@/lib/prompts/wordDiff';
import { getPromotionDetail, registryLedgerEntries } from '@/lib/registry';
import { decidePromotionAction, deployPromotionAction } from '../../actions';

export const metadata: Metadata = { title: 'Promotion request' };

export default async function PromotionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole('analyst');
  const { id } = await params;
  const detail = await getPromotionDetail(id);
  if (!detail) redirect(`/registry?missing=promotion`);
  const { request, release, production, gates, approvals } = detail;
  const open = request.status === 'requested' || request.status === 'approved';
  const isRequester = request.requestedById === user.id;
  const decided = approvals.some((approval) => approval.approverId === user.id);
  const mayDecide = open && hasRole(user.role, 'lead') && !isRequester && !decided;
  const approvedCount = approvals.filter((approval) => approval.decision === 'approved').length;
  const diff = (from: string, to: string) => wordDiffHunks(from, to, 3);
  const ledger = await registryLedgerEntries([`promotion:${request.id}`, `release:${release.id}`]);
  return (
    <>
      <PageHeader title={`Promote ${release.name} to production`} description={`Requested by ${request.requestedBy} · ${when(request.createdAt)} · expires ${when(request.expiresAt)}`}>
        <StatusBadge status={request.status} />
      </PageHeader>
      <Section title="Request" testId="promotion-request">
        <p className="text-sm">“{request.reason}”</p>
        <p className="mt-1 text-sm text-slate-600">Release <ReleaseLink id={release.id} name={release.name} /> · production runs {production ? <ReleaseLink id={production.release.id} name={production.release.name} /> : 'nothing yet'}
          {detail.baselineMoved && <span className="ml-1 text-amber-700">(production changed since the request: deploying will mark it superseded)</span>}</p>
        <p className="mt-1 text-sm" data-testid="approval-count">Approvals: {approvedCount} of {request.requiredApprovals} (distinct leads or admins, never the requester)</p>
        {approvals.length > 0 && (
          <ul className="mt-2 space-y-1 text-sm" data-testid="approvals">
            {approvals.map((approval) => <li key={approval.approverId}><StatusBadge status={approval.decision} /> {approval.approver} · {when(approval.createdAt)}{approval.comment && ` — “${approval.comment}”`}</li>)}
          </ul>
        )}
      </Section>
      <Section title="Gates" testId="promotion-gates"><GateList gates={gates} /></Section>
      <Section title="What changes in production" testId="promotion-changes">
        <PromotionChanges
          tools={detail.tools.map((tool) => ({ name: tool.name, change: tool.change, from: tool.from, to: tool.to, hunks: diff(tool.fromText, tool.toText), changes: tool.changes.map((change) => ({ severity: change.severity, rule: change.rule, message: `${change.part === 'outputSchema' ? 'output: ' : ''}${change.message}` })) }))}
          prompts={detail.prompts.map((prompt) => ({ name: prompt.name, change: prompt.change, from: prompt.from, to: prompt.to, hunks: diff(prompt.fromText, prompt.toText), changes: [] }))}
          model={{ name: 'model', change: detail.model.change, from: detail.model.from, to: detail.model.to, hunks: diff(detail.model.fromText, detail.model.toText), changes: [] }} />
      </Section>
      {open && hasRole(user.role, 'lead') && (
        <Section title="Decision" testId="promotion-decision">
          {isRequester ? <p className="text-sm text-slate-600" data-testid="requester-note">You requested this promotion: another lead or admin must approve it.</p>
            : decided ? <p className="text-sm text-slate-600">You already decided on this request.</p>
            : mayDecide && <DecisionForm action={decidePromotionAction} requestId={request.id} />}
          {request.status === 'approved' && (
            <div className="mt-3"><ActionButton action={deployPromotionAction} hidden={{ requestId: request.id }} label="Deploy to production" tone="primary" /></div>
          )}
        </Section>
      )}
      <Section title="Recorded in the ledger (console log)" testId="promotion-ledger">
        <ol className="space-y-1 text-sm">
          {ledger.map((entry) => (
            <li key={entry.seq} data-testid="ledger-entry"><span className="font-mono text-xs text-slate-500">#{entry.seq}</span> {when(entry.at)} · <span className="font-medium">{entry.action}</span> by {entry.actor}{typeof entry.details?.reason === 'string' ? ` — “${entry.details.reason}”` : ''}</li>
          ))}
        </ol>
      </Section>
    </>
  );
}
