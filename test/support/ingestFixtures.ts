import pg from 'pg';
import { createToken } from '../../lib/tokens';
import type { Environment } from '../../lib/environment';

export async function ingestToken(environment: Environment = 'staging', scopes = ['ingest:write']): Promise<string> {
  return (await createToken({ name: `test ${environment}`, environment, scopes })).token;
}

export function sampleEvent(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `evt-${n}`,
    timestamp: new Date(Date.UTC(2026, 10, 25, 9, 0, 0) + n * 1000 + 123).toISOString(),
    server_name: 'github-mcp',
    server_version: '1.4.0',
    method: 'tools/call',
    tool_name: 'search_issues',
    tool_version: '2.1.0',
    user_id: `user${n % 7}@acme.dev`,
    session_id: `s-${Math.floor(n / 10)}`,
    arguments: { query: `label:bug ${n}`, limit: 10, nested: { deep: [1, 2, { x: 'ü' }] } },
    output: { items: [{ title: `Issue ${n} — 日本語のテキスト`, number: n }] },
    is_error: false,
    duration_ms: 12.5 + n,
    input_tokens: 100 + n,
    output_tokens: 20,
    side_effects: [{ kind: 'http', target: 'api.github.com' }],
    attributes: { region: 'eu' },
    ...overrides,
  };
}

export const ndjson = (events: unknown[]) => events.map((event) => JSON.stringify(event)).join('\n') + '\n';

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function post(url: string, token: string | null, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
