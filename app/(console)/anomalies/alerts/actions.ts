'use server';

import { refresh } from 'next/cache';
import type { FormState } from '@/components/cases/formState';
import { requireRole } from '@/lib/auth/server';
import { addAlertNote, assignAlert, setAlertStatus, type AlertResult } from '@/lib/detect';

// Thin: guard, hand the form's fields to lib/detect (zod-validated there, recorded in the console log).
const fieldsOf = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([name, value]) => typeof value === 'string' && !name.startsWith('$')));

async function actor() {
  const user = await requireRole('analyst');
  return { id: user.id, email: user.email };
}

function answer(result: AlertResult<unknown>): FormState {
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  refresh();
  return { ok: true, message: null, fields: {} };
}

export async function setAlertStatusAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await setAlertStatus(fieldsOf(formData), await actor()));
}

export async function assignAlertAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await assignAlert(fieldsOf(formData), await actor()));
}

export async function addAlertNoteAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await addAlertNote(fieldsOf(formData), await actor()));
}
