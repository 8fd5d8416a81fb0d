import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Rng } from './random';

export type SideEffectKind = 'shell_exec' | 'dns' | 'http' | 'file_read' | 'file_write' | 'process';
export interface SideEffect { kind: SideEffectKind; target: string }
export type Args = Record<string, unknown>;
export type Output = string | Record<string, unknown> | unknown[];
export type JsonSchema = Record<string, unknown>;

/** Sessions work on one team's things, so a session's repo, ticket project and channel hang together. */
export interface Team {
  name: string;
  repo: string;
  project: string;
  channel: string;
  dbSchema: string;
  service: string;
  files: readonly string[];
}

export interface ToolRevision { version: string; schema: JsonSchema }

export interface ToolSpec extends ToolRevision {
  name: string;
  /** Median latency; actual durations are log-normal around it. */
  ms: number;
  /** A properly versioned schema change that rolls out halfway through the span, as a contrast to the attack. */
  next?: ToolRevision;
  args: (r: Rng, team: Team) => Args;
  out: (r: Rng, args: Args, team: Team) => Output;
  effects?: (args: Args) => SideEffect[];
  errors?: readonly string[];
}

export interface ResourceSpec { uri: (r: Rng, team: Team) => string; read: (r: Rng, uri: string, team: Team) => string }

export interface ServerSpec { name: string; version: string; tools: readonly ToolSpec[]; resources?: ResourceSpec }

/**
 * Compact schema notation: `{ path: 'string', limit: 'integer?' }`. A trailing `?` marks an optional
 * property; `string[]` an array of strings.
 */
export function obj(props: Record<string, string>): JsonSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(props)) {
    const optional = spec.endsWith('?');
    const type = optional ? spec.slice(0, -1) : spec;
    properties[key] = type.endsWith('[]') ? { type: 'array', items: { type: type.slice(0, -2) } } : { type };
    if (!optional) required.push(key);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** RFC 8785 canonical JSON, so the hash does not depend on the order keys happen to be written in. */
export function schemaHash(schema: JsonSchema): string {
  return sha256(canonicalize(schema) ?? '');
}

export const TEAMS: readonly Team[] = [
  { name: 'payments', repo: 'acme/payments-api', project: 'PAY', channel: '#payments-eng', dbSchema: 'billing', service: 'payments-api',
    files: ['src/charges/createCharge.ts', 'src/webhooks/stripe.ts', 'README.md', 'config/production.yaml', 'package.json'] },
  { name: 'platform', repo: 'acme/platform-infra', project: 'PLAT', channel: '#platform', dbSchema: 'public', service: 'edge-gateway',
    files: ['terraform/main.tf', 'k8s/gateway/deployment.yaml', 'Makefile', 'docs/runbooks/failover.md', 'README.md'] },
  { name: 'growth', repo: 'acme/web-app', project: 'GRO', channel: '#growth-squad', dbSchema: 'analytics', service: 'web-app',
    files: ['app/signup/page.tsx', 'lib/experiments.ts', 'README.md', 'next.config.mjs', 'package.json'] },
  { name: 'data', repo: 'acme/warehouse-dbt', project: 'DATA', channel: '#data-eng', dbSchema: 'warehouse', service: 'dbt-runner',
    files: ['models/marts/fct_orders.sql', 'models/staging/stg_customers.sql', 'dbt_project.yml', 'README.md'] },
  { name: 'mobile', repo: 'acme/mobile-app', project: 'MOB', channel: '#mobile', dbSchema: 'public', service: 'mobile-bff',
    files: ['src/screens/Checkout.tsx', 'src/api/client.ts', 'app.json', 'README.md'] },
  { name: 'identity', repo: 'acme/identity-service', project: 'IDN', channel: '#identity', dbSchema: 'auth', service: 'identity-service',
    files: ['internal/session/store.go', 'internal/oauth/callback.go', 'go.mod', 'README.md', 'config/staging.yaml'] },
];

const FIRST_NAMES = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy',
  'rupert', 'sybil', 'trent', 'victor', 'walter', 'yuki', 'hiroshi', 'sakura', 'lukas', 'greta', 'jonas', 'fatima', 'omar',
  'layla', 'youssef', 'priya', 'arjun', 'mei', 'chen', 'sofia', 'mateo', 'lucia', 'noah', 'emma', 'liam', 'zoe',
];
export const USERS: readonly string[] = FIRST_NAMES.map((name) => `${name}@acme.dev`);

export interface Agent { id: string; servers: readonly string[] }
export const AGENTS: readonly Agent[] = [
  { id: 'agent-code-review', servers: ['github-mcp', 'filesystem-mcp', 'search-mcp'] },
  { id: 'agent-triage', servers: ['jira-mcp', 'github-mcp', 'slack-mcp', 'search-mcp'] },
  { id: 'agent-release-bot', servers: ['github-mcp', 'shell-mcp', 'slack-mcp', 'jira-mcp'] },
  { id: 'agent-oncall', servers: ['postgres-mcp', 'shell-mcp', 'slack-mcp', 'jira-mcp'] },
  { id: 'agent-data-analyst', servers: ['postgres-mcp', 'filesystem-mcp', 'slack-mcp'] },
  { id: 'agent-docs-writer', servers: ['filesystem-mcp', 'github-mcp', 'browser-mcp', 'search-mcp'] },
  { id: 'agent-support-desk', servers: ['jira-mcp', 'slack-mcp', 'search-mcp', 'browser-mcp'] },
  { id: 'agent-research', servers: ['search-mcp', 'browser-mcp', 'filesystem-mcp'] },
  { id: 'agent-migration', servers: ['postgres-mcp', 'filesystem-mcp', 'shell-mcp', 'github-mcp'] },
  { id: 'agent-qa', servers: ['browser-mcp', 'shell-mcp', 'jira-mcp', 'github-mcp'] },
];

export const MODELS: readonly { model: string; configs: readonly string[] }[] = [
  { model: 'claude-sonnet-4', configs: ['mcv-2025.06.1', 'mcv-2025.07.2'] },
  { model: 'gpt-4.1', configs: ['mcv-2025.05.3'] },
  { model: 'claude-opus-4', configs: ['mcv-2025.06.1'] },
  { model: 'gpt-4.1-mini', configs: ['mcv-2025.05.3', 'mcv-2025.07.1'] },
  { model: 'gemini-2.5-pro', configs: ['mcv-2025.06.4'] },
];

export const CLIENTS = ['claude-code/1.0.61', 'cursor/1.3.2', 'agent-sdk-python/0.4.0', 'langgraph/0.5.3', 'vscode-copilot/1.101'];

export interface PromptSpec {
  server: string;
  name: string;
  version: string;
  template: string;
  args: (r: Rng, team: Team) => Record<string, string>;
}

export const PROMPTS: readonly PromptSpec[] = [
  { server: 'github-mcp', name: 'review-pull-request', version: '1.3.0',
    template: 'You are a senior reviewer for {{repo}}. Review pull request #{{number}}. Focus on correctness, security and missing tests. '
      + 'Quote the lines you comment on, group findings by severity, and finish with a one-line verdict (approve / request changes).',
    args: (r, t) => ({ repo: t.repo, number: String(r.int(120, 4800)) }) },
  { server: 'jira-mcp', name: 'triage-ticket', version: '2.0.1',
    template: 'Triage {{key}} for the {{team}} team. Decide priority (P1-P4), component and owner. If the report is a duplicate, '
      + 'link the original. Reply in the reporter\'s language. Never close a ticket without a linked fix or a reproduction attempt.',
    args: (r, t) => ({ key: `${t.project}-${r.int(100, 3999)}`, team: t.name }) },
  { server: 'jira-mcp', name: 'incident-summary', version: '1.1.0',
    template: 'Write a blameless incident summary for {{service}} covering {{window}}. Sections: impact, timeline (UTC), root cause, '
      + 'what went well, action items with owners. Keep it under 400 words and cite dashboards or log queries you relied on.',
    args: (r, t) => ({ service: t.service, window: `the last ${r.pick(['2', '6', '12', '24'])} hours` }) },
  { server: 'slack-mcp', name: 'summarize-thread', version: '0.9.2',
    template: 'Summarize the discussion in {{channel}} for someone who missed it. List decisions, open questions and who owns each '
      + 'follow-up. Preserve names and ticket keys exactly; translate non-English messages into English in brackets.',
    args: (_r, t) => ({ channel: t.channel }) },
  { server: 'postgres-mcp', name: 'explain-query', version: '1.0.4',
    template: 'Given this query against schema {{schema}}, explain the plan in plain language, point out sequential scans on large '
      + 'tables and suggest indexes. Do not run statements that modify data.\n\n{{sql}}',
    args: (r, t) => ({ schema: t.dbSchema, sql: `SELECT * FROM ${t.dbSchema}.${r.pick(['orders', 'events', 'sessions'])} WHERE created_at > now() - interval '1 day';` }) },
  { server: 'search-mcp', name: 'research-brief', version: '1.2.0',
    template: 'Research "{{topic}}" and write a brief with 3-5 key findings, each backed by a source URL. Flag conflicting sources '
      + 'and say how recent each source is. Audience: engineers on the {{team}} team.',
    args: (r, t) => ({ topic: r.pick(['OAuth 2.1 migration', 'Postgres 17 logical replication', 'WebAuthn passkeys', 'SBOM requirements']), team: t.name }) },
];

export function promptChecksum(template: string): string {
  return sha256(template);
}

export function renderPrompt(template: string, args: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => args[key] ?? '');
}
