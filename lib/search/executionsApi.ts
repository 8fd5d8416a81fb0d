import type { Principal } from '../auth/guards';
import { ENVIRONMENT_COOKIE, isEnvironment, selectedEnvironment, type Environment } from '../environment';
import { toApiJson } from './executionSummary';
import { exportExecutions, type ExportFormat } from './exportExecutions';
import { getExecution } from './getExecution';
import { parseExecutionQuery, QUERY_PARAMETERS, type ExecutionQuery } from './searchFilters';
import { searchExecutions } from './searchExecutions';
import { tailExecutions } from './tailExecutions';

// The REST face of lib/search: GET /api/v1/executions, /executions/export and /executions/{env}/{seq}.
type Context = { principal: Principal };
type DetailContext = Context & { params: Promise<{ env: string; seq: string }> };

const json = (status: number, error: string, message: string, extra: object = {}) => Response.json({ error, message, ...extra }, { status });

function cookie(request: Request, name: string): string | undefined {
  const pair = (request.headers.get('cookie') ?? '').split(/;\s*/).find((part) => part.startsWith(`${name}=`));
  return pair ? decodeURIComponent(pair.slice(name.length + 1)) : undefined;
}

/** Tokens read their own environment only; people read the one asked for (or the console's). */
function environmentFor(request: Request, principal: Principal, requested: string | undefined): Environment | Response {
  if (principal.kind === 'token') {
    if (requested !== undefined && requested !== principal.token.environment) {
      return json(403, 'forbidden', `a ${principal.token.environment} token cannot read ${requested} executions`);
    }
    return principal.token.environment;
  }
  return isEnvironment(requested) ? requested : selectedEnvironment(undefined, cookie(request, ENVIRONMENT_COOKIE));
}

/** Parses the query string; scripts get a 400 naming every bad or unknown parameter. */
function parse(request: Request, allowed: readonly string[] = QUERY_PARAMETERS): { query: ExecutionQuery; params: URLSearchParams } | Response {
  const params = new URL(request.url).searchParams;
  const unknown = [...new Set(params.keys())].filter((key) => !allowed.includes(key));
  const parsed = parseExecutionQuery(params);
  const fields = { ...(parsed.ok ? {} : parsed.fields), ...Object.fromEntries(unknown.map((key) => [key, [`unknown parameter (known: ${allowed.join(', ')})`]])) };
  if (Object.keys(fields).length > 0 || !parsed.ok) {
    return json(400, 'invalid_request', Object.entries(fields).map(([key, messages]) => `${key}: ${messages.join('; ')}`).join(', '), { fields });
  }
  return { query: parsed.query, params };
}

/** GET /api/v1/executions: a keyset page, or with `since` the live tail. */
export async function listExecutions(request: Request, context: Context): Promise<Response> {
  const parsed = parse(request);
  if (parsed instanceof Response) return parsed;
  const environment = environmentFor(request, context.principal, parsed.params.get('env') ?? undefined);
  if (environment instanceof Response) return environment;
  if (parsed.query.since !== undefined) {
    const tail = await tailExecutions(environment, parsed.query, parsed.query.since, parsed.query.limit);
    return Response.json({ items: tail.items.map(toApiJson), since: tail.since, truncated: tail.truncated });
  }
  const page = await searchExecutions(environment, parsed.query);
  return Response.json({
    items: page.items.map(toApiJson), next_cursor: page.nextCursor, estimated_total: page.estimatedTotal, estimated_total_exact: page.totalExact,
  });
}

/** GET /api/v1/executions/{env}/{seq}: every field of one execution. */
export async function showExecution(request: Request, context: DetailContext): Promise<Response> {
  const { env, seq } = await context.params;
  if (!isEnvironment(env)) return json(404, 'not_found', 'environment must be staging or production');
  const environment = environmentFor(request, context.principal, env);
  if (environment instanceof Response) return environment;
  if (!/^\d{1,15}$/.test(seq)) return json(400, 'invalid_request', 'seq must be a whole number (the execution\'s position in the log)');
  const execution = await getExecution(environment, Number(seq));
  if (!execution) return json(404, 'not_found', `no execution at seq ${seq} in ${environment}`);
  return Response.json(toApiJson(execution));
}

/** GET /api/v1/executions/export?format=jsonl|csv&<filters>: streamed, no row cap. */
export async function exportExecutionsResponse(request: Request, context: Context): Promise<Response> {
  const parsed = parse(request, [...QUERY_PARAMETERS.filter((name) => !['cursor', 'since', 'limit', 'sort', 'order'].includes(name)), 'format']);
  if (parsed instanceof Response) return parsed;
  const format = parsed.params.get('format') ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') return json(400, 'invalid_request', 'format: must be jsonl or csv', { fields: { format: ['must be jsonl or csv'] } });
  const environment = environmentFor(request, context.principal, parsed.params.get('env') ?? undefined);
  if (environment instanceof Response) return environment;
  const lines = exportExecutions(environment, parsed.query, format as ExportFormat);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return new Response(body, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="executions-${environment}-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
    },
  });
}
