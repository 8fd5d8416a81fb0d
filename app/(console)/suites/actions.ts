'use server';

import { redirect } from 'next/navigation';
import type { FormState } from '@/components/cases/formState';
import { requireRole } from '@/lib/auth/server';
import { startRunFromConsole } from '@/lib/suites';

// Thin: a lead or admin starts a dry run of a release in staging; lib/suites validates, runs and records it.
export async function runSuitesAction(_: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('lead');
  const result = await startRunFromConsole({ releaseId: formData.get('releaseId') }, { id: user.id, label: user.email });
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  redirect(`/suites/runs/${result.report.runId}`);
}
