import { recordConsoleAction } from '../audit';
import type { CurrentUser } from '../auth/currentUser';
import { isLedgerLog } from '../environment';
import { latestVerification, startVerification } from './verify/verificationRuns';

type Params = { params: Promise<{ env: string }> };
type Context = Params & { user: CurrentUser };

async function environmentOrNotFound(context: Context) {
  const { env } = await context.params;
  return isLedgerLog(env) ? env : null;
}

const notFound = () => Response.json({ error: 'not_found', message: 'the log must be staging, production or console' }, { status: 404 });

/** POST: start verifying the log (or return the run already going). */
export async function postVerification(_request: Request, context: Context): Promise<Response> {
  const environment = await environmentOrNotFound(context);
  if (!environment) return notFound();
  const run = await startVerification(environment, context.user.email);
  await recordConsoleAction({ actor: { id: context.user.id, label: context.user.email }, action: 'ledger.verification_started', target: `log:${environment}` });
  return Response.json(run, { status: 202 });
}

/** GET: the latest run, for progress polling. */
export async function getVerification(_request: Request, context: Context): Promise<Response> {
  const environment = await environmentOrNotFound(context);
  if (!environment) return notFound();
  return Response.json({ run: await latestVerification(environment) }, { headers: { 'Cache-Control': 'no-store' } });
}
