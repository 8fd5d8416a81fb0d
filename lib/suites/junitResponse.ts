import type { Principal } from '../auth/guards';
import { requestOrigin } from '../http/requestOrigin';
import { getTestRun } from './getTestRun';
import { runToJUnitXml } from './junit';

/** GET /api/v1/suites/runs/{id}/junit. Runs are staging data: a production token is refused. */
export async function junitResponse(request: Request, context: { principal: Principal } & { params: Promise<{ id: string }> }): Promise<Response> {
  if (context.principal.kind === 'token' && context.principal.token.environment !== 'staging') {
    return Response.json({ error: 'forbidden', message: `a ${context.principal.token.environment} token cannot read staging suite runs` }, { status: 403 });
  }
  const { id } = await context.params;
  const run = await getTestRun(id);
  if (!run) return Response.json({ error: 'not_found', message: `no suite run ${id}` }, { status: 404 });
  return new Response(runToJUnitXml(run, requestOrigin(request.headers)), {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'content-disposition': `attachment; filename="warden-run-${run.id}.xml"` },
  });
}
