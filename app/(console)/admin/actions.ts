'use server';

import { refresh } from 'next/cache';
import type { AdminFormState } from '@/components/admin/adminFormState';
import { createUserCommand, resetPasswordCommand, setActiveCommand, setRoleCommand, type AdminResult } from '@/lib/admin';
import { requireRole } from '@/lib/auth/server';

// Thin: admin guard, hand the form's fields to lib/admin (zod, then lib/auth, which records the
// change in the console log), answer with the result or field errors, refresh the page.
const fieldsOf = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([name, value]) => typeof value === 'string' && !name.startsWith('$')));

async function actor() {
  const user = await requireRole('admin');
  return { id: user.id, label: user.email };
}

function answer<T>(result: AdminResult<T>): AdminFormState<T> {
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  refresh();
  return { ok: true, message: null, fields: {}, data: result.value };
}

export async function createUserAction(_: AdminFormState<{ email: string; password: string }>, formData: FormData) {
  return answer(await createUserCommand(fieldsOf(formData), await actor()));
}

export async function setRoleAction(_: AdminFormState<{ changed: boolean }>, formData: FormData) {
  return answer(await setRoleCommand(fieldsOf(formData), await actor()));
}

export async function setActiveAction(_: AdminFormState<{ active: boolean }>, formData: FormData) {
  return answer(await setActiveCommand(fieldsOf(formData), await actor()));
}

export async function resetPasswordAction(_: AdminFormState<{ email: string; password: string }>, formData: FormData) {
  return answer(await resetPasswordCommand(fieldsOf(formData), await actor()));
}
