import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { registerDemoPrompts, registerDemoResources } from './demoPrompts';
import { registerDemoTools, type DemoToolOptions, type DemoWorld } from './demoTools';
import { FakeFilesystem } from './fakeFiles';
import { FakeMailbox } from './fakeNetwork';
import { describeLiveRelease, type ReleasePoller } from './releasePoller';

export const DEMO_SERVER_INFO = { name: 'acme-workspace-mcp', version: '1.4.0' } as const;

export interface DemoServer {
  server: McpServer;
  world: DemoWorld;
  tools: Record<string, RegisteredTool>;
}

let sharedFiles: FakeFilesystem | undefined;
/** Building an Ajv instance costs more than a whole demo session; the SDK would make one per server. */
let sharedValidator: AjvJsonSchemaValidator | undefined;
export const sharedJsonSchemaValidator = () => (sharedValidator ??= new AjvJsonSchemaValidator());

/**
 * The demo MCP server: files, docs search, web fetch, SQL, e-mail and a shell, all simulated in
 * memory (see fake*.ts). A real McpServer from the SDK; one per connection, as the SDK expects.
 */
export function createDemoServer(options: DemoToolOptions & { release?: ReleasePoller } = {}): DemoServer {
  const server = new McpServer({ ...DEMO_SERVER_INFO }, { capabilities: { tools: { listChanged: true } }, jsonSchemaValidator: sharedJsonSchemaValidator() });
  // The filesystem is read-only, so every server can share one; mailboxes are per server.
  const world: DemoWorld = { files: (sharedFiles ??= new FakeFilesystem()), mailbox: new FakeMailbox() };
  const tools = registerDemoTools(server, world, options);
  registerDemoPrompts(server);
  registerDemoResources(server, world.files);
  // Optional: what Warden's registry says is live here (GET /api/v1/releases/active, polled).
  if (options.release) {
    const poller = options.release;
    tools.current_release = server.registerTool('current_release', {
      description: 'Which release (tools, prompts, model) Warden says is live in this environment.', _meta: { 'warden/version': '1.0.0' },
    }, async () => ({ content: [{ type: 'text', text: describeLiveRelease(poller.current(), poller.freshness()) }], structuredContent: { ...(poller.current() ?? {}), ...poller.freshness() } }));
  }
  return { server, world, tools };
}

/** Typical latencies per tool, log-normal around the median so recorded durations look like real ones. */
const MEDIAN_MS: Record<string, number> = { read_file: 3, list_dir: 2, search_docs: 25, fetch_url: 60, run_query: 15, send_email: 35, shell_exec: 40 };

export function realisticLatency(scale = 1): (tool: string) => number {
  return (tool) => {
    const u = 1 - Math.random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
    return (MEDIAN_MS[tool] ?? 5) * scale * Math.exp(0.6 * normal);
  };
}
