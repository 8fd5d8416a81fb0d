import type { Principal } from '../auth/guards';
import { clientAddress } from '../auth/clientAddress';
import { isEnvironment } from '../environment';
import { createPrompt, createPromptVersion } from './createPromptVersion';
import { getPromptDetail } from './getPromptDetail';
import { getPromptVersion } from './getPromptVersion';
import { listPrompts } from './listPrompts';
import type { PromptActor, PromptResult } from './promptInputs';
import type { PromptLabels } from './promptViews';
import { summaryToApiJson, versionToApiJson } from './promptViews';
import { setStagingLabel } from './setStagingLabel';

// The REST face of lib/prompts (README "Prompt registry"): route handlers under app/api/v1/prompts
// are one line each and call these. Versions have no PUT, PATCH or DELETE anywhere: immutable.
type Context = { principal: Principal };
type NameContext = Context & { params: Promise<{ name: string }> };
type VersionContext = Context & { params: Promise<{ name: string; version: string }> };
type LabelContext = Context & { params: Promise<{ name: string; env: string }> };

const MAX_BODY_BYTES = 1_000_000;
const json = (status: number, error: string, message: string, extra: object = {}) => Response.json({ error, message, ...extra }, { status });
const ERROR_NAMES = { 400: 'invalid_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const;

function actorOf(request: Request, principal: Principal): PromptActor {
  const sourceIp = clientAddress(request.headers);
  return principal.kind === 'user'
    ? { id: principal.user.id, label: principal.user.email, sourceIp }
    : { id: null, label: `token:${principal.token.prefix}`, sourceIp };
}

/** Writes come from people (lead role, checked by the guard) or staging tokens: production is reached only by releases. */
function refuseProductionToken(principal: Principal): Response | null {
  if (principal.kind === 'token' && principal.token.environment !== 'staging') {
    return json(403, 'forbidden', `prompt versions are registered with staging tokens only (token ${principal.token.prefix} is bound to ${principal.token.environment}); production gets them through a release promotion`);
  }
  return null;
}

/** Tokens see only their own environment's label. */
function visibleLabels(principal: Principal, labels: PromptLabels): PromptLabels {
  if (principal.kind === 'user') return labels;
  const own = labels[principal.token.environment];
  return own === undefined ? {} : { [principal.token.environment]: own };
}

async function readJson(request: Request): Promise<unknown | Response> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) return json(415, 'unsupported_media_type', 'send Content-Type: application/json');
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return json(413, 'too_large', `bodies are limited to ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    return json(400, 'invalid_request', 'the body is not valid JSON');
  }
}

const asObject = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {});

/** snake_case on the wire, camelCase in lib. */
function versionInputFrom(body: Record<string, unknown>) {
  return { template: body.template, variables: body.variables, parameters: body.parameters, tag: body.tag, message: body.message, baseVersion: body.base_version };
}

function answer<T>(result: PromptResult<T>, created: (value: T) => Response): Response {
  if (result.ok) return created(result.value);
  const fields = Object.fromEntries(Object.entries(result.fields).map(([key, value]) => [key === 'baseVersion' ? 'base_version' : key, value]));
  return json(result.status, ERROR_NAMES[result.status], result.message, { fields });
}

/** GET /api/v1/prompts */
export async function listPromptsResponse(_request: Request, context: Context): Promise<Response> {
  const prompts = await listPrompts();
  return Response.json({ items: prompts.map((prompt) => summaryToApiJson({ ...prompt, labels: visibleLabels(context.principal, prompt.labels) })) });
}

/** POST /api/v1/prompts: a new prompt with its first version. */
export async function createPromptResponse(request: Request, context: Context): Promise<Response> {
  const refused = refuseProductionToken(context.principal);
  if (refused) return refused;
  const body = await readJson(request);
  if (body instanceof Response) return body;
  const fields = asObject(body);
  const result = await createPrompt({ name: fields.name, description: fields.description, owner: fields.owner, ...versionInputFrom(fields) }, actorOf(request, context.principal));
  return answer(result, (version) => Response.json(versionToApiJson(version), { status: 201 }));
}

/** GET /api/v1/prompts/{name}: the prompt, its labels and every version (newest first). */
export async function showPromptResponse(_request: Request, context: NameContext): Promise<Response> {
  const { name } = await context.params;
  const detail = await getPromptDetail(name);
  if (!detail) return json(404, 'not_found', `no prompt named ${name}`);
  return Response.json({
    ...summaryToApiJson({ ...detail, labels: visibleLabels(context.principal, detail.labels) }),
    versions: detail.versions.map(versionToApiJson),
  });
}

/** POST /api/v1/prompts/{name}/versions */
export async function createVersionResponse(request: Request, context: NameContext): Promise<Response> {
  const refused = refuseProductionToken(context.principal);
  if (refused) return refused;
  const { name } = await context.params;
  const body = await readJson(request);
  if (body instanceof Response) return body;
  const result = await createPromptVersion({ name, ...versionInputFrom(asObject(body)) }, actorOf(request, context.principal));
  return answer(result, (version) => Response.json(versionToApiJson(version), { status: 201 }));
}

/** GET /api/v1/prompts/{name}/versions/{ref}: ref is a number, a semver tag, `latest`, `staging` or `production`. */
export async function showVersionResponse(_request: Request, context: VersionContext): Promise<Response> {
  const { name, version: ref } = await context.params;
  const { principal } = context;
  if (isEnvironment(ref) && principal.kind === 'token' && principal.token.environment !== ref) {
    return json(403, 'forbidden', `a ${principal.token.environment} token cannot read the ${ref} label`);
  }
  const version = await getPromptVersion(name, ref);
  if (!version) {
    const what = isEnvironment(ref) ? `no version of ${name} is labelled ${ref}` : `${name} has no version ${ref}`;
    return json(404, 'not_found', (await getPromptDetail(name)) ? what : `no prompt named ${name}`);
  }
  return Response.json(versionToApiJson(version), { headers: { 'Cache-Control': 'no-store' } });
}

/** PUT /api/v1/prompts/{name}/labels/{env} `{"version": N}`: staging only. */
export async function moveLabelResponse(request: Request, context: LabelContext): Promise<Response> {
  const { name, env } = await context.params;
  if (env === 'production') {
    return json(403, 'forbidden', 'the production label moves only through a release promotion (Registry), never by editing');
  }
  if (env !== 'staging') return json(404, 'not_found', 'labels are staging and production');
  const refused = refuseProductionToken(context.principal);
  if (refused) return refused;
  const body = await readJson(request);
  if (body instanceof Response) return body;
  const result = await setStagingLabel({ name, version: asObject(body).version }, actorOf(request, context.principal));
  return answer(result, (moved) => Response.json(moved));
}
