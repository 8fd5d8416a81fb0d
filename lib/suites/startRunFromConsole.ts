import { z } from 'zod';
import type { ConsoleActor } from '../audit';
import { runReleaseSuites, RunRefusedError, type RunReleaseReport } from './runReleaseSuites';

export const startRunInput = z.object({ releaseId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'is not a release id') });

export type StartRunResult = { ok: true; report: RunReleaseReport } | { ok: false; message: string; fields: Record<string, string[]> };

/** The server itself, for the staging server's recorder to send the run's records to. */
export function ownUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.WARDEN_INTERNAL_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`).replace(/\/$/, '');
}

/** The console's Run suites button: validates the form, runs the release's suites, answers with the run. */
export async function startRunFromConsole(input: unknown, actor: ConsoleActor): Promise<StartRunResult> {
  const parsed = startRunInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'pick a release', fields: { releaseId: parsed.error.issues.map((issue) => issue.message) } };
  try {
    return { ok: true, report: await runReleaseSuites({ releaseId: parsed.data.releaseId, wardenUrl: ownUrl(), trigger: 'console', actor }) };
  } catch (error) {
    if (error instanceof RunRefusedError) return { ok: false, message: error.message, fields: { releaseId: [error.message] } };
    throw error;
  }
}
