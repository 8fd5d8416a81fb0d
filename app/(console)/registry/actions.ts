'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import type { FormState } from '@/components/cases/formState';
import { requireRole } from '@/lib/auth/server';
import {
  approveAndDeploy, createModelConfigVersion, createRelease, decidePromotion, deployPromotion, deployToStaging, registerToolVersion,
  requestPromotion, rollbackModel, rollbackRelease, type RegistryResult, type SessionActor,
} from '@/lib/registry';

// Thin: the session guard (lead or admin), the form's fields to lib/registry (which validates with zod,
// enforces the rules and records every change in the console log), the answer or field errors.
// These server actions are the only way to promote, approve, deploy to production or roll back:
// they take the actor from the signed-in session, never from a token.
const fields = (formData: FormData) => Object.fromEntries([...formData.keys()].filter((name) => !name.startsWith('$')).map((name) => {
  const values = formData.getAll(name).filter((value): value is string => typeof value === 'string');
  return [name, values.length > 1 || name === 'tools' || name === 'prompts' ? values : values[0] ?? ''];
}));

async function sessionActor(): Promise<SessionActor> {
  const user = await requireRole('lead');
  return { via: 'session', id: user.id, email: user.email, role: user.role };
}

function answer(result: RegistryResult<unknown>, message: string | null = null): FormState {
  if (!result.ok) return { ok: false, message: result.message, fields: result.fields };
  refresh();
  return { ok: true, message, fields: {} };
}

export async function registerToolAction(_: FormState, formData: FormData): Promise<FormState> {
  const actor = await sessionActor();
  let manifest: unknown;
  try {
    manifest = JSON.parse(String(formData.get('manifest') ?? ''));
  } catch (error) {
    return { ok: false, message: 'the manifest is not valid JSON', fields: { manifest: [`not valid JSON: ${(error as Error).message}`] } };
  }
  const result = await registerToolVersion(manifest, actor, 'console');
  if (!result.ok) return { ok: false, message: result.message, fields: { manifest: [result.message] } };
  return answer(result, result.value.created ? `Registered ${result.value.name}@${result.value.version}` : `${result.value.name}@${result.value.version} was already registered with this manifest`);
}

export async function createModelConfigAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await createModelConfigVersion(fields(formData), await sessionActor());
  return answer(result, result.ok ? `${result.value.version.name} v${result.value.version.version}${result.value.created ? ' saved' : ' already says that'}` : null);
}

export async function createReleaseAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await createRelease(fields(formData), await sessionActor());
  if (!result.ok) return answer(result);
  redirect(`/registry/releases/${result.value.id}`);
}

export async function deployToStagingAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await deployToStaging(fields(formData), await sessionActor());
  return answer(result, result.ok && !result.value.changed ? 'Staging already runs it' : 'Deployed to staging');
}

export async function requestPromotionAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await requestPromotion(fields(formData), await sessionActor());
  if (!result.ok) return answer(result);
  redirect(`/registry/promotions/${result.value.id}`);
}

export async function decidePromotionAction(_: FormState, formData: FormData): Promise<FormState> {
  const actor = await sessionActor();
  const input = fields(formData);
  if (input.decision === 'approved') {
    const result = await approveAndDeploy(input, actor);
    return answer(result, result.ok ? (result.value.deployment ? 'Approved and deployed to production' : result.value.deployNote ?? `Approved (${result.value.approvals} of ${result.value.required})`) : null);
  }
  return answer(await decidePromotion(input, actor), 'Rejected');
}

export async function deployPromotionAction(_: FormState, formData: FormData): Promise<FormState> {
  return answer(await deployPromotion(String(formData.get('requestId') ?? ''), await sessionActor()), 'Deployed to production');
}

export async function rollbackAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await rollbackRelease(fields(formData), await sessionActor());
  return answer(result, 'Rolled back');
}

export async function modelRollbackAction(_: FormState, formData: FormData): Promise<FormState> {
  const result = await rollbackModel(fields(formData), await sessionActor());
  return answer(result, result.ok ? `Model switched to ${result.value.model}` : null);
}
