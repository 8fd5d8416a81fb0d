import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpTarget } from './mcpTarget';
import type { RunnableCase } from './releaseSuites';

/** What the runner tells the server about itself, so records name the run. */
export interface RunIdentity {
  runId: string;
  releaseId: string;
  /** 32 hex: every call carries `traceparent 00-<traceId>-<span>-01` in `_meta`, which the recorder keeps. */
  traceId: string;
  /** The dry-run token: the recorder's ingest token (stdio) or the bearer (HTTP). */
  token: string;
  /** Where the server's recorder sends records (Warden's base URL). */
  wardenUrl: string;
}

export interface ClientSideResult {
  caseId: string;
  /** The span id the call carried; null for cases that make no call (tools/list). */
  spanId: string | null;
  text: string;
  structured?: unknown;
  isError: boolean;
  error?: string;
  durationMs: number;
  descriptions?: string[];
}

export interface CallReport {
  results: ClientSideResult[];
  /** Tool versions as the server declares them in tools/list `_meta` (absent when it does not say). */
  serverToolVersions: Record<string, string | undefined>;
  serverInfo: string;
}

const CLIENT_INFO = { name: 'warden-test-runner', version: '1' };

function transportFor(target: McpTarget, identity: RunIdentity): Transport {
  if (target.transport === 'http') {
    const headers = { ...target.headers, authorization: `Bearer ${identity.token}`, 'x-warden-test-run': identity.runId, 'x-warden-release': identity.releaseId };
    return new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers } });
  }
  const transport = new StdioClientTransport({
    command: target.command, args: target.args, cwd: target.cwd, stderr: 'pipe',
    env: {
      ...getDefaultEnvironment(), ...target.env, MCP_ENV: 'staging', WARDEN_URL: identity.wardenUrl, WARDEN_TOKEN: identity.token,
      WARDEN_TEST_RUN_ID: identity.runId, WARDEN_RELEASE_ID: identity.releaseId,
    },
  });
  // Drained so a chatty server never blocks on a full pipe; the tail explains a server that dies.
  transport.stderr?.on('data', (chunk: Buffer) => void (stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000)));
  return transport;
}

let stderrTail = '';

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.flatMap((block) => {
    if (block && typeof block === 'object' && (block as { type?: unknown }).type === 'text') return [String((block as { text?: unknown }).text ?? '')];
    const inner = (block as { content?: unknown })?.content;
    return inner ? [textOf([inner])] : [];
  }).join('\n');
}

function descriptionsOf(tool: { description?: string; inputSchema?: unknown }): string[] {
  const properties = (tool.inputSchema as { properties?: Record<string, { description?: unknown }> } | undefined)?.properties ?? {};
  return [tool.description ?? '', ...Object.values(properties).map((property) => (typeof property?.description === 'string' ? property.description : ''))].filter(Boolean);
}

/**
 * Connects to the target with the SDK Client and runs every case, one after another. Each call
 * carries the run's trace id so its execution record can be found; nothing here judges the result.
 */
export async function callCases(target: McpTarget, identity: RunIdentity, cases: RunnableCase[], timeoutMs = 30_000): Promise<CallReport> {
  const client = new Client(CLIENT_INFO);
  stderrTail = '';
  try {
    await client.connect(transportFor(target, identity), { timeout: timeoutMs });
  } catch (error) {
    throw new Error(`cannot connect to ${target.label}: ${(error as Error).message}${stderrTail ? ` — server said: ${stderrTail.trim().slice(-500)}` : ''}`);
  }
  try {
    const info = client.getServerVersion();
    const listed = (await client.listTools(undefined, { timeout: timeoutMs })).tools;
    const serverToolVersions = Object.fromEntries(listed.map((tool) => {
      const meta = (tool._meta ?? {}) as Record<string, unknown>;
      const version = meta['warden/version'] ?? meta.version;
      return [tool.name, typeof version === 'string' ? version : undefined];
    }));
    const results: ClientSideResult[] = [];
    for (const testCase of cases) {
      if (testCase.method === 'tools/list') {
        const tool = listed.find((candidate) => candidate.name === testCase.target);
        results.push({ caseId: testCase.id, spanId: null, text: tool?.description ?? '', isError: false, durationMs: 0, descriptions: tool ? descriptionsOf(tool) : undefined });
        continue;
      }
      const spanId = randomBytes(8).toString('hex');
      const _meta = { traceparent: `00-${identity.traceId}-${spanId}-01` };
      const started = performance.now();
      try {
        if (testCase.method === 'prompts/get') {
          const variables = Object.fromEntries(Object.entries(testCase.input).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
          const result = await client.getPrompt({ name: testCase.target, arguments: variables, _meta }, { timeout: timeoutMs });
          results.push({ caseId: testCase.id, spanId, text: textOf(result.messages), isError: false, durationMs: performance.now() - started });
        } else {
          const result = await client.callTool({ name: testCase.target, arguments: testCase.input, _meta }, undefined, { timeout: timeoutMs });
          const text = textOf(result.content);
          results.push({
            caseId: testCase.id, spanId, text, structured: result.structuredContent, isError: result.isError === true,
            error: result.isError === true ? text : undefined, durationMs: performance.now() - started,
          });
        }
      } catch (error) {
        results.push({ caseId: testCase.id, spanId, text: '', isError: true, error: (error as Error).message, durationMs: performance.now() - started });
      }
    }
    return { results, serverToolVersions, serverInfo: info ? `${info.name} ${info.version}` : 'unknown server' };
  } finally {
    // stdio: closing ends the child's stdin, and it flushes its recorder before it exits.
    if (target.transport === 'http') await (client.transport as StreamableHTTPClientTransport | undefined)?.terminateSession().catch(() => {});
    await client.close();
  }
}
