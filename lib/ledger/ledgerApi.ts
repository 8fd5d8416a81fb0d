import type { Principal } from '../auth/guards';
import { isLedgerLog, type LedgerLog } from '../environment';
import { findCheckpoint } from './checkpoints';
import { consistencyProofFor, inclusionProofFor, ProofRequestError, readEntryLines } from './proofs';

type Params = { params: Promise<{ env: string }> };
type Context = Params & { principal: Principal };

const badRequest = (message: string) => Response.json({ error: 'invalid_request', message }, { status: 400 });

/** Resolves `{env}` (a log: staging, production or console) and keeps environment-bound tokens inside their environment. */
async function environmentOf(context: Context): Promise<LedgerLog | Response> {
  const { env } = await context.params;
  if (!isLedgerLog(env)) return Response.json({ error: 'not_found', message: 'the log must be staging, production or console' }, { status: 404 });
  if (context.principal.kind === 'token' && context.principal.token.environment !== env) {
    return Response.json({ error: 'forbidden', message: `a ${context.principal.token.environment} token cannot read the ${env} ledger` }, { status: 403 });
  }
  return env;
}

function integerParam(url: URL, name: string): number | null {
  const value = url.searchParams.get(name);
  return value !== null && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

async function answer(context: Context, work: (environment: LedgerLog) => Promise<Response>): Promise<Response> {
  const environment = await environmentOf(context);
  if (environment instanceof Response) return environment;
  try {
    return await work(environment);
  } catch (error) {
    if (error instanceof ProofRequestError) return badRequest(error.message);
    throw error;
  }
}

export function getCheckpoint(request: Request, context: Context): Promise<Response> {
  return answer(context, async (environment) => {
    const url = new URL(request.url);
    const size = url.searchParams.has('size') ? integerParam(url, 'size') : undefined;
    if (size === null) return badRequest('size must be a whole number');
    const checkpoint = await findCheckpoint(environment, size);
    if (!checkpoint) {
      const message = size === undefined ? 'no checkpoint yet: the log is empty' : `no checkpoint was signed at size ${size} (checkpoints are signed at the sizes the log had when they were made; the latest is at /checkpoint)`;
      return Response.json({ error: 'not_found', message }, { status: 404 });
    }
    return new Response(checkpoint.signedNote, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  });
}

/** Handlers that take two whole-number query parameters, e.g. `seq` and `size`. */
function withTwoNumbers(first: string, second: string, work: (environment: LedgerLog, a: number, b: number) => Promise<Response>) {
  return (request: Request, context: Context): Promise<Response> => answer(context, async (environment) => {
    const url = new URL(request.url);
    const a = integerParam(url, first);
    const b = integerParam(url, second);
    if (a === null || b === null) return badRequest(`${first} and ${second} are required whole numbers`);
    return work(environment, a, b);
  });
}

export const getInclusionProof = withTwoNumbers('seq', 'size', async (environment, seq, size) =>
  Response.json(await inclusionProofFor(environment, seq, size)));

export const getConsistencyProof = withTwoNumbers('from', 'to', async (environment, from, to) =>
  Response.json(await consistencyProofFor(environment, from, to)));

export const getEntries = withTwoNumbers('start', 'end', async (environment, start, end) => {
  const entries = await readEntryLines(environment, start, end);
  return new Response(entries.map(({ line }) => `${line}\n`).join(''), {
    headers: { 'Content-Type': 'application/x-ndjson' },
  });
});
