'use server';

import { refresh } from 'next/cache';
import { headers } from 'next/headers';
import type { AdminFormState } from '@/components/admin/adminFormState';
import { createTokenCommand, revokeTokenCommand, rotateTokenCommand, type AdminResult, type ShownToken } from '@/lib/admin';
import { requireRole } from '@/lib/auth/server';
import { requestOrigin } from '@/lib/http/requestOrigin';

// Thin: admin guard, lib/admin validates and records; the new secret goes back in the answer only.
function fieldsOf(formData: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value !== 'string' || name.startsWith('$')) continue;
    fields[name] = name === 'scopes' ? [...((fields.scopes as string[] | undefined) ?? []), value] : value;
  }
  return fields;
}

async function actor() {
  const user = await requireRole('admin');
  return { id: user.id, label: user.email };
}

function answer<T>(result: AdminResult<T>): AdminFormState<T> {
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  refresh();
  return { ok: true, message: null, fields: {}, data: result.value };
}

export async function createTokenAction(_: AdminFormState<ShownToken>, formData: FormData) {
  const who = await actor();
  return answer(await createTokenCommand(fieldsOf(formData), who, requestOrigin(await headers())));
}

export async function revokeTokenAction(_: AdminFormState<{ prefix: string; revoked: boolean }>, formData: FormData) {
  return answer(await revokeTokenCommand(fieldsOf(formData), await actor()));
}

export async function rotateTokenAction(_: AdminFormState<ShownToken & { oldPrefix: string; graceUntil: string }>, formData: FormData) {
  const who = await actor();
  return answer(await rotateTokenCommand(fieldsOf(formData), who, requestOrigin(await headers())));
}
