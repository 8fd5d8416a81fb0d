'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import type { FormState } from '@/components/cases/formState';
import { requireRole } from '@/lib/auth/server';
import { addCaseNote, createCase, pinExecution, unpinExecution, updateCase, type CaseResult } from '@/lib/cases';

// Thin: guard, hand the form's fields to lib/cases (which validates them with zod and records
// the change in the console log), answer with the result or field errors, refresh the page.
const fieldsOf = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([name, value]) => typeof value === 'string' && !name.startsWith('$')));

async function actor() {
  const user = await requireRole('analyst');
  return { id: user.id, email: user.email };
}

function answer(result: CaseResult<unknown>): FormState {
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  refresh();
  return { ok: true, message: null, fields: {} };
}

export async function createCaseAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await createCase(fieldsOf(formData), await actor());
  if (!result.ok) return answer(result);
  redirect(`/cases/${result.value.id}`);
}

export async function updateCaseAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await updateCase(fieldsOf(formData), await actor()));
}

export async function pinExecutionAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await pinExecution(fieldsOf(formData), await actor()));
}

export async function unpinExecutionAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await unpinExecution(fieldsOf(formData), await actor()));
}

export async function addCaseNoteAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await addCaseNote(fieldsOf(formData), await actor()));
}
