'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import type { AdminFormState } from '@/components/admin/adminFormState';
import { requireRole } from '@/lib/auth/server';
import { saveAgentPolicy } from '@/lib/policies';

function fieldsOf(formData: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value !== 'string' || name.startsWith('$')) continue;
    fields[name] = name === 'maxScopes' ? [...((fields.maxScopes as string[] | undefined) ?? []), value] : value;
  }
  return fields;
}

type Saved = { version: number; changed: boolean };

/**
 * Saves a new policy version (lib/policies validates it and records it in the console log). The
 * form sends the version it was opened at (0 for a new agent), so a concurrent edit is refused.
 */
export async function savePolicyAction(_: AdminFormState<Saved>, formData: FormData): Promise<AdminFormState<Saved>> {
  const user = await requireRole('admin');
  const result = await saveAgentPolicy(fieldsOf(formData), { id: user.id, label: user.email });
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  const { policy, changed } = result.value;
  if (formData.get('baseVersion') === '0') redirect(`/admin/policies/${encodeURIComponent(policy.agentId)}`);
  refresh();
  return { ok: true, message: changed ? `Saved as v${policy.version}.` : 'Nothing changed: this is what v' + policy.version + ' already says.', fields: {}, data: { version: policy.version, changed } };
}
