'use server';

import { headers } from 'next/headers';
import type { RevealResult } from '@/components/executions/ExecutionContent';
import { clientAddress } from '@/lib/auth/clientAddress';
import { requireRole } from '@/lib/auth/server';
import { isEnvironment } from '@/lib/environment';
import { revealExecutionSecrets } from '@/lib/search/revealExecutionSecrets';

/** Reveals an execution's masked secrets: leads and admins only, recorded in the console log. */
export async function revealSecretsAction(environment: string, seq: number): Promise<RevealResult> {
  const user = await requireRole('lead');
  if (!isEnvironment(environment) || !Number.isSafeInteger(seq) || seq < 0) return { ok: false, message: 'There is no such execution.' };
  const revealed = await revealExecutionSecrets(environment, seq, { id: user.id, email: user.email }, clientAddress(await headers()));
  if (!revealed) return { ok: false, message: `There is no execution at seq ${seq} in ${environment}.` };
  return { ok: true, content: revealed.content };
}
