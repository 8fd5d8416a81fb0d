import {
  AGENTS, CLIENTS, MODELS, promptChecksum, renderPrompt, schemaHash, TEAMS, USERS,
  type Agent, type Args, type JsonSchema, type Output, type PromptSpec, type ServerSpec, type SideEffect, type Team, type ToolSpec,
} from './catalogue';
import type { Rng } from './random';
import { FILESYSTEM, GITHUB, POSTGRES, SHELL } from './serversDev';
import { BROWSER, JIRA, SEARCH, SLACK } from './serversCollab';

export type DemoEvent = Record<string, unknown>;
export type Environment = 'staging' | 'production';

export const SERVERS: readonly ServerSpec[] = [GITHUB, FILESYSTEM, POSTGRES, SLACK, BROWSER, JIRA, SHELL, SEARCH];

export function findServer(name: string): ServerSpec {
  const found = SERVERS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown demo server ${name}`);
  return found;
}

export function findTool(serverName: string, toolName: string): ToolSpec {
  const found = findServer(serverName).tools.find((t) => t.name === toolName);
  if (!found) throw new Error(`unknown demo tool ${serverName}/${toolName}`);
  return found;
}

const hashes = new WeakMap<JsonSchema, string>();
export function hashOf(schema: JsonSchema): string {
  let hash = hashes.get(schema);
  if (hash === undefined) hashes.set(schema, (hash = schemaHash(schema)));
  return hash;
}

/** Which version of a tool a session sees: upgrades roll out in the second half of the span. */
export function revisionOf(tool: ToolSpec, late: boolean): { version: string; schema: JsonSchema } {
  return late && tool.next ? tool.next : tool;
}

/** One user driving one agent for a while; everything it does shares a session and a trace. */
export interface Session {
  environment: Environment;
  user: string;
  agent: Agent;
  model: string;
  modelConfigVersion: string;
  sessionId: string;
  traceId: string;
  client: string;
  host: string;
  team: Team;
  late: boolean;
  /** Conversation context grows with every tool result, which is what input token counts reflect. */
  contextTokens: number;
  scenario?: string;
}

export function newSession(r: Rng, environment: Environment, late: boolean, scenario?: string): Session {
  const agent = r.skewed(AGENTS, 1.4);
  const model = r.skewed(MODELS, 1.5);
  return {
    environment, agent, late, scenario,
    user: r.skewed(USERS),
    model: model.model,
    modelConfigVersion: r.pick(model.configs),
    sessionId: `sess_${r.hex(20)}`,
    traceId: r.hex(32),
    client: r.skewed(CLIENTS),
    host: `${agent.id.replace('agent-', '')}-${r.hex(5)}`,
    team: r.pick(TEAMS),
    contextTokens: r.int(1200, 4500),
  };
}

const GENERIC_ERRORS = ['upstream timeout after 30000 ms', 'ECONNRESET: socket hang up', 'internal error: unexpected EOF'];
export const ERROR_RATE = 0.03;

function common(r: Rng, s: Session, server: ServerSpec, method: string, medianMs: number, output: unknown): DemoEvent {
  const outputTokens = Math.ceil((typeof output === 'string' ? output : JSON.stringify(output ?? '')).length / 4);
  s.contextTokens += outputTokens + r.int(20, 200);
  return {
    environment: s.environment,
    server_name: server.name,
    server_version: server.version,
    method,
    model: s.model,
    model_config_version: s.modelConfigVersion,
    user_id: s.user,
    session_id: s.sessionId,
    agent_id: s.agent.id,
    request_id: r.uuid(),
    trace_id: s.traceId,
    span_id: r.hex(16),
    duration_ms: Math.max(1, Math.round(r.logNormal(medianMs, 0.7))),
    input_tokens: s.contextTokens,
    output_tokens: r.int(30, 700),
  };
}

function attributes(s: Session): Record<string, unknown> {
  return {
    client: s.client,
    host: s.host,
    transport: s.client.startsWith('agent-sdk') ? 'streamable-http' : 'stdio',
    team: s.team.name,
    ...(s.scenario ? { demo_scenario: s.scenario } : {}),
  };
}

export interface CallOverrides {
  args?: Args;
  output?: Output;
  error?: string;
  sideEffects?: SideEffect[];
  schemaHash?: string;
}

export function callTool(r: Rng, s: Session, serverName: string, toolName: string, o: CallOverrides = {}): DemoEvent {
  const server = findServer(serverName);
  const tool = findTool(serverName, toolName);
  const revision = revisionOf(tool, s.late);
  const args = o.args ?? tool.args(r, s.team);
  const error = o.error ?? (o.output === undefined && r.chance(ERROR_RATE) ? r.pick([...(tool.errors ?? []), ...GENERIC_ERRORS]) : undefined);
  const output = error ?? o.output ?? tool.out(r, args, s.team);
  const sideEffects = o.sideEffects ?? tool.effects?.(args) ?? [];
  const event: DemoEvent = {
    ...common(r, s, server, 'tools/call', error ? tool.ms / 3 : tool.ms, output),
    tool_name: tool.name,
    tool_version: revision.version,
    input_schema_hash: o.schemaHash ?? hashOf(revision.schema),
    arguments: args,
    output,
    is_error: error !== undefined,
    ...(error !== undefined ? { error } : {}),
    ...(sideEffects.length > 0 ? { side_effects: sideEffects } : {}),
    attributes: attributes(s),
  };
  return event;
}

/** `template` lets a scenario serve a prompt text that was never registered under this name and version. */
export function getPrompt(r: Rng, s: Session, prompt: PromptSpec, template = prompt.template): DemoEvent {
  const args = prompt.args(r, s.team);
  const text = renderPrompt(template, args);
  return {
    ...common(r, s, findServer(prompt.server), 'prompts/get', 25, text),
    prompt_name: prompt.name,
    prompt_version: prompt.version,
    prompt_checksum: promptChecksum(template),
    prompt: text,
    arguments: args,
    output: { description: `${prompt.name} v${prompt.version}`, messages: [{ role: 'user', content: { type: 'text', text } }] },
    is_error: false,
    attributes: attributes(s),
  };
}

export function readResource(r: Rng, s: Session, server: ServerSpec): DemoEvent {
  const spec = server.resources;
  if (!spec) throw new Error(`${server.name} has no resources`);
  const uri = spec.uri(r, s.team);
  const text = spec.read(r, uri, s.team);
  return {
    ...common(r, s, server, 'resources/read', 20, text),
    arguments: { uri },
    output: { contents: [{ uri, mimeType: 'text/plain', text }] },
    is_error: false,
    attributes: attributes(s),
  };
}

export function listTools(r: Rng, s: Session, server: ServerSpec): DemoEvent {
  const tools = server.tools.map((t) => ({ name: t.name, version: revisionOf(t, s.late).version }));
  return { ...common(r, s, server, 'tools/list', 15, tools), arguments: {}, output: { tools }, is_error: false, attributes: attributes(s) };
}
