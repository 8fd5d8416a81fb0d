import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requireRole } from '@/lib/auth/server';

export const metadata: Metadata = { title: 'Anomalies' };

export default async function AnomaliesPage() {
  await requireRole('analyst');
  return (
    <>
      <PageHeader title="Anomalies"
        description="Call rates, error rates and latency per tool and user against their usual baseline, and alerts for forbidden calls (shell exec, external DNS), prompt injection and exfiltration patterns." />
      <EmptyState title="Nothing to chart yet" steps={[
        'Send executions first (see Executions): detections run on every ingested record.',
        'Record per-agent policies (allowed tools, file roots, egress hosts) under Admin so violations raise alerts.',
        'Baselines need a few days of traffic; until then only rule detections (forbidden calls, injection markers, secrets in output) fire.',
      ]} />
    </>
  );
}
