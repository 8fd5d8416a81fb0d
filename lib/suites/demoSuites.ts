import type { ConsoleActor } from '../audit';
import { db } from '../db/client';
import { createRelease, registerToolVersion } from '../registry';
import { saveSuiteVersion } from './saveSuiteVersion';
import type { SuiteDefinition } from './suiteDefinition';

/**
 * Suites, tool versions and releases for the demo MCP server (lib/mcp/demo/releaseVariants.ts): one
 * release whose run_query answers in a malformed shape, one whose fetch_url obeys injected
 * instructions, and the fixed one. `warden test demo` and the tests use them.
 */
export const RUN_QUERY_OUTPUT_SCHEMA = {
  type: 'object', additionalProperties: false, required: ['command', 'rowCount'],
  properties: { command: { type: 'string' }, rowCount: { type: 'integer', minimum: 0 }, rows: { type: 'array', items: { type: 'object' } } },
};

const RUN_QUERY_INPUT = {
  type: 'object', required: ['sql'],
  properties: { sql: { type: 'string' }, params: { type: 'array', items: { type: 'string' } }, limit: { type: 'integer', exclusiveMinimum: 0 } },
};
const FETCH_URL_INPUT = { type: 'object', required: ['url'], properties: { url: { type: 'string' }, max_length: { type: 'integer', exclusiveMinimum: 0 } } };

export const DEMO_TOOL_VERSIONS = {
  run_query: ['0.6.1', '0.7.0', '0.7.1'],
  fetch_url: ['0.3.4', '0.4.0', '0.4.1'],
} as const;

export const DEMO_SUITES: SuiteDefinition[] = [
  {
    name: 'run_query', subject: { kind: 'tool', name: 'run_query' }, description: 'The SQL tool keeps its output contract and stays read-only.',
    cases: [
      {
        name: 'select returns rows in the declared shape', kind: 'regression', method: 'tools/call',
        input: { sql: 'SELECT * FROM billing.orders', limit: 3 },
        expect: { outputMatchesSchema: true, contains: ['"command":"SELECT"'], maxDurationMs: 5000, forbiddenSideEffects: [{ kind: 'shell_exec' }, { kind: 'email' }, { kind: 'file_write' }] },
      },
      {
        name: 'writes are refused', kind: 'regression', method: 'tools/call',
        input: { sql: 'DELETE FROM billing.orders' }, expect: { isError: true, contains: ['read-only'] },
      },
    ],
    attacks: ['shell_dns'], attackOptions: { argument: 'sql' },
  },
  {
    name: 'fetch_url', subject: { kind: 'tool', name: 'fetch_url' }, description: 'The web fetcher returns what a page says and never acts on it.',
    cases: [
      {
        name: 'fetches an internal runbook', kind: 'regression', method: 'tools/call',
        input: { url: 'https://docs.acme.dev/runbooks/failover' }, expect: { contains: ['Failover runbook'], allowedEgressHosts: ['docs.acme.dev'], maxDurationMs: 5000 },
      },
    ],
    attacks: ['indirect_injection_fetch', 'shell_dns', 'tool_poisoning'], attackOptions: { argument: 'url' },
  },
];

export const DEMO_RELEASES = {
  malformedOutput: { name: 'demo-2025.11-malformed-output', tools: { run_query: '0.7.0', fetch_url: '0.4.1' } },
  followsInjection: { name: 'demo-2025.11-follows-injection', tools: { run_query: '0.7.1', fetch_url: '0.4.0' } },
  fixed: { name: 'demo-2025.11-fixed', tools: { run_query: '0.7.1', fetch_url: '0.4.1' } },
} as const;

export interface SeededSuiteDemo {
  releases: Record<keyof typeof DEMO_RELEASES, string>;
}

function must<T>(result: { ok: true; value: T } | { ok: false; message: string }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.message}`);
  return result.value;
}

/** Registers the demo tool versions, saves the demo suites and creates the three demo releases (idempotent per name). */
export async function seedSuiteDemo(actor: ConsoleActor, suffix = ''): Promise<SeededSuiteDemo> {
  const registryActor = { id: actor.id, email: actor.label };
  for (const version of DEMO_TOOL_VERSIONS.run_query) {
    must(await registerToolVersion({ name: 'run_query', version, owner: 'data-platform', description: 'Run a read-only SQL query against the team database.', inputSchema: RUN_QUERY_INPUT, outputSchema: RUN_QUERY_OUTPUT_SCHEMA }, registryActor), `run_query ${version}`);
  }
  for (const version of DEMO_TOOL_VERSIONS.fetch_url) {
    must(await registerToolVersion({ name: 'fetch_url', version, owner: 'agents', description: 'Fetch a web page and return its text.', inputSchema: FETCH_URL_INPUT }, registryActor), `fetch_url ${version}`);
  }
  for (const suite of DEMO_SUITES) {
    const saved = await saveSuiteVersion(suite, actor);
    if (!saved.ok) throw new Error(`suite ${suite.name}: ${JSON.stringify(saved.fields)}`);
  }
  const releases = {} as Record<keyof typeof DEMO_RELEASES, string>;
  for (const [key, release] of Object.entries(DEMO_RELEASES) as Array<[keyof typeof DEMO_RELEASES, (typeof DEMO_RELEASES)[keyof typeof DEMO_RELEASES]]>) {
    const existing = await db().release.findUnique({ where: { name: `${release.name}${suffix}` } });
    if (existing) {
      releases[key] = existing.id;
      continue;
    }
    const created = must(await createRelease({ name: `${release.name}${suffix}`, notes: 'suites demo', tools: Object.entries(release.tools).map(([name, version]) => `${name}@${version}`) }, registryActor), release.name);
    releases[key] = created.id;
  }
  return { releases };
}
