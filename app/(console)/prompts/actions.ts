'use server';

import { headers } from 'next/headers';
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import type { FormState } from '@/components/cases/formState';
import { clientAddress } from '@/lib/auth/clientAddress';
import { requireRole } from '@/lib/auth/server';
import { createPrompt, createPromptVersion, setStagingLabel, type PromptResult } from '@/lib/prompts';

// Thin: guard (leads register prompts and move the staging label), hand the form's fields to
// lib/prompts (zod safeParse, console log), answer with field errors or go to the result.
const fieldsOf = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([name, value]) => typeof value === 'string' && !name.startsWith('$')));

async function actor() {
  const user = await requireRole('lead');
  return { id: user.id, label: user.email, sourceIp: clientAddress(await headers()) };
}

function refused(result: Extract<PromptResult<unknown>, { ok: false }>): FormState {
  return { ok: false, message: result.message, fields: result.fields };
}

export async function createPromptAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await createPrompt(fieldsOf(formData), await actor());
  if (!result.ok) return refused(result);
  redirect(`/prompts/${encodeURIComponent(result.value.promptName)}`);
}

export async function createVersionAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await createPromptVersion(fieldsOf(formData), await actor());
  if (!result.ok) return refused(result);
  const { promptName, version } = result.value;
  // Straight to what changed: the new version against the one before it.
  redirect(`/prompts/${encodeURIComponent(promptName)}/diff?from=${version - 1}&to=${version}`);
}

export async function setStagingLabelAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await setStagingLabel(fieldsOf(formData), await actor());
  if (!result.ok) return refused(result);
  refresh();
  return { ok: true, message: null, fields: {} };
}
