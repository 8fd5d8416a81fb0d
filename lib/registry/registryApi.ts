import { createHash } from 'node:crypto';
import type { Principal } from '../auth/guards';
import { hasRole } from '../auth/roles';
import { isEnvironment } from '../environment';
import { createModelConfigVersion } from './createModelConfigVersion';
import { createRelease } from './createRelease';
import { deployToStaging } from './deployToStaging';
import { getActiveRelease } from './getActiveRelease';
import { getRelease } from './getRelease';
import { importManifests } from './importManifests';
import { listTools } from './listTools';
import { registerToolVersions } from './registerToolVersion';
import type { RegistryActor, RegistryResult } from './results';
import type { ActiveRelease, ReleaseView } from './views';

// The REST face of lib/registry. Reads take `registry:read`; CI writes (tool versions, model configs,
// releases, staging deploys) take a *staging* `registry:write` token or a signed-in lead. Promotion,
// approval, production deploys and rollbacks have no API: sessionOnly answers 403 to everyone.
type Context = { principal: Principal };
const json = (status: number, error: string, message: string, extra: object = {}) => Response.json({ error, message, ...extra }, { status });
const MAX_BODY_BYTES = 4 * 1024 * 1024;

function writer(principal: Principal): RegistryActor | Response {
  if (principal.kind === 'token') {
    if (principal.token.environment !== 'staging') {
      return json(403, 'forbidden', `registry writes come from CI with a staging token; ${principal.token.prefix} is bound to ${principal.token.environment}`);
    }
    return { id: null, email: `token:${principal.token.prefix}`, tokenPrefix: principal.token.prefix };
  }
  if (!hasRole(principal.user.role, 'lead')) return json(403, 'forbidden', 'registry writes need the lead or admin role');
  return { id: principal.user.id, email: principal.user.email };
}

async function body(request: Request): Promise<unknown | Response> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) return json(413, 'too_large', `at most ${MAX_BODY_BYTES} bytes`);
  if (!(request.headers.get('content-type') ?? '').includes('json')) return json(415, 'unsupported_media_type', 'send application/json');
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return json(413, 'too_large', `at most ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch (error) {
    return json(400, 'invalid_json', (error as Error).message);
  }
}

const answer = <T>(result: RegistryResult<T>, created = false): Response =>
  result.ok ? Response.json(result.value, { status: created ? 201 : 200 }) : json(result.status ?? 400, 'refused', result.message, { fields: result.fields });

export function releaseToApiJson(release: ReleaseView) {
  return {
    id: release.id, name: release.name, notes: release.notes, content_hash: release.contentHash, created_by: release.createdBy, created_at: release.createdAt.toISOString(),
    tools: release.tools.map((tool) => ({ name: tool.name, version: tool.version, input_schema_hash: tool.inputSchemaHash, manifest_hash: tool.manifestHash })),
    prompts: release.prompts.map((prompt) => ({ id: prompt.promptVersionId, name: prompt.name, version: prompt.version, checksum: prompt.checksum })),
    model_config: release.modelConfig ? {
      id: release.modelConfig.id, name: release.modelConfig.name, version: release.modelConfig.version, provider: release.modelConfig.provider,
      model_id: release.modelConfig.modelId, parameters: release.modelConfig.parameters, fallbacks: release.modelConfig.fallbacks.map((fallback) => ({ provider: fallback.provider, model_id: fallback.modelId, parameters: fallback.parameters ?? null })),
    } : null,
    policies: release.policyVersions.map((policy) => ({ agent_id: policy.agentId, policy_id: policy.policyId, version: policy.version })),
  };
}

export function activeToApiJson(active: ActiveRelease) {
  return {
    environment: active.environment,
    deployment: { id: active.deployment.id, kind: active.deployment.kind, reason: active.deployment.reason, actor: active.deployment.actor, deployed_at: active.deployment.createdAt.toISOString() },
    release: releaseToApiJson(active.release),
    model: active.model ? {
      config: active.model.config.name, config_version: active.model.config.version, fallback_index: active.model.fallbackIndex,
      provider: active.model.provider, model_id: active.model.modelId, parameters: active.model.parameters,
    } : null,
  };
}

/** GET /api/v1/releases/active?env=…: what an environment runs, with an ETag so pollers get 304s. */
export async function showActiveRelease(request: Request, { principal }: Context): Promise<Response> {
  const env = new URL(request.url).searchParams.get('env') ?? (principal.kind === 'token' ? principal.token.environment : null);
  if (!isEnvironment(env)) return json(400, 'invalid_request', 'env must be staging or production');
  if (principal.kind === 'token' && principal.token.environment !== env) return json(403, 'forbidden', `a ${principal.token.environment} token cannot read the ${env} release`);
  const active = await getActiveRelease(env);
  const payload = active ? activeToApiJson(active) : { environment: env, deployment: null, release: null, model: null };
  const text = JSON.stringify(payload);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  const headers = { etag, 'cache-control': 'no-cache' };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').map((tag) => tag.trim().replace(/^W\//, '')).includes(etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
}

/** GET /api/v1/registry/tools */
export async function listToolsApi(): Promise<Response> {
  const tools = await listTools();
  return Response.json({
    tools: tools.map((tool) => ({
      name: tool.name, owner: tool.owner,
      versions: tool.versions.map((version) => ({ version: version.version, input_schema_hash: version.inputSchemaHash, manifest_hash: version.manifestHash, source: version.source, created_at: version.createdAt.toISOString() })),
    })),
  });
}

/** POST /api/v1/registry/tools: manifests, a tools/list snapshot or a server.json; a wrong semver step → 422 with the reason. */
export async function pushTools(request: Request, { principal }: Context): Promise<Response> {
  const actor = writer(principal);
  if (actor instanceof Response) return actor;
  const document = await body(request);
  if (document instanceof Response) return document;
  const imported = importManifests(document);
  if (!imported.ok) return json(400, 'invalid_request', imported.message);
  if (imported.manifests.length === 0) return json(400, 'invalid_request', 'no manifests in the request');
  const { registered, refusal } = await registerToolVersions(imported.manifests, actor, imported.source);
  const result = {
    format: imported.format,
    registered: registered.map((row) => ({
      name: row.name, version: row.version, created: row.created, previous_version: row.previousVersion, input_schema_hash: row.inputSchemaHash,
      manifest_hash: row.manifestHash, changes: row.changes.map((change) => ({ severity: change.severity, rule: change.rule, part: change.part, path: change.path, message: change.message })),
    })),
  };
  if (refusal) {
    return Response.json({ ...result, error: 'refused', message: refusal.message, refused: { name: refusal.name, version: refusal.version, fields: refusal.fields } }, { status: refusal.status });
  }
  return Response.json(result, { status: registered.some((row) => row.created) ? 201 : 200 });
}

/** POST /api/v1/registry/model-configs */
export async function pushModelConfig(request: Request, { principal }: Context): Promise<Response> {
  const actor = writer(principal);
  if (actor instanceof Response) return actor;
  const document = await body(request);
  if (document instanceof Response) return document;
  const input = document as Record<string, unknown>;
  return answer(await createModelConfigVersion({ ...input, modelId: input?.modelId ?? input?.model_id }, actor), true);
}

/** POST /api/v1/registry/releases {name, notes, tools: ["name@version"], prompts: ["name@version" | id], model_config: "name@version"} */
export async function createReleaseApi(request: Request, { principal }: Context): Promise<Response> {
  const actor = writer(principal);
  if (actor instanceof Response) return actor;
  const document = await body(request);
  if (document instanceof Response) return document;
  const input = document as Record<string, unknown>;
  return answer(await createRelease({ ...input, modelConfig: input?.modelConfig ?? input?.model_config }, actor), true);
}

/** GET /api/v1/registry/releases/{id} */
export async function showRelease(_request: Request, { params }: Context & { params: Promise<{ id: string }> }): Promise<Response> {
  const release = await getRelease((await params).id);
  return release ? Response.json(releaseToApiJson(release)) : json(404, 'not_found', 'no such release');
}

/** POST /api/v1/registry/releases/{id}/deploy {environment: "staging", reason?}: staging only. */
export async function deployReleaseApi(request: Request, { principal, params }: Context & { params: Promise<{ id: string }> }): Promise<Response> {
  const actor = writer(principal);
  if (actor instanceof Response) return actor;
  const document = await body(request);
  if (document instanceof Response) return document;
  const input = (document ?? {}) as Record<string, unknown>;
  if ((input.environment ?? 'staging') !== 'staging') return sessionOnlyResponse();
  return answer(await deployToStaging({ releaseId: (await params).id, reason: input.reason }, actor));
}

function sessionOnlyResponse(): Response {
  return json(403, 'forbidden', 'promotion requests, approvals, production deploys and rollbacks are made in the console in a signed-in browser session, never with an API token');
}

/**
 * Promotion, approval, production deploy and rollback endpoints: a token (whatever its scopes) gets 403;
 * a signed-in lead gets 405 pointing at the console page, where server actions do it.
 */
export async function sessionOnly(request: Request, { user }: { user: { role: string } }): Promise<Response> {
  void user;
  if (request.headers.get('authorization')) return sessionOnlyResponse();
  return json(405, 'method_not_allowed', 'use the console (Registry → the release, promotion request or environment page): these actions are server actions of a signed-in browser session, not API calls');
}

/** Answers 403 to any request carrying a token, before the session guard it wraps. */
export function sessionOnlyForTokens<Context>(handler: (request: Request, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => (request.headers.get('authorization') ? sessionOnlyResponse() : handler(request, context));
}
