/**
 * The execution record v1 (public/schemas/execution.v1.json) as the recorder emits it. Declared here
 * rather than imported from lib/ingest so lib/mcp stays a standalone library an MCP server can embed
 * without pulling in Warden's server code.
 */
export type RecordEnvironment = 'staging' | 'production';

export interface SideEffect {
  kind: string;
  target: string;
  [extra: string]: unknown;
}

export interface McpExecutionRecord {
  id: string;
  timestamp: string;
  environment: RecordEnvironment;
  server_name?: string;
  server_version?: string;
  method: string;
  tool_name?: string;
  tool_version?: string;
  input_schema_hash?: string;
  prompt_name?: string;
  prompt_version?: string;
  prompt_checksum?: string;
  prompt?: string;
  user_id?: string;
  session_id?: string;
  agent_id?: string;
  request_id?: string;
  trace_id?: string;
  span_id?: string;
  arguments?: Record<string, unknown>;
  output?: unknown;
  is_error: boolean;
  error?: string;
  duration_ms?: number;
  side_effects?: SideEffect[];
  attributes?: Record<string, unknown>;
}

/** The JSON-RPC methods that become execution records: the ones that run server code on a client's behalf. */
export const RECORDED_METHODS: ReadonlySet<string> = new Set(['tools/call', 'prompts/get', 'resources/read']);

const ENVIRONMENTS: readonly RecordEnvironment[] = ['staging', 'production'];

/**
 * `MCP_ENV`, `staging` when unset. Anything else is refused at start-up: Warden would quarantine
 * every record of an unknown environment, which is worse than a server that will not start.
 */
export function recordEnvironment(value: string | undefined = process.env.MCP_ENV): RecordEnvironment {
  const chosen = value === undefined || value === '' ? 'staging' : value;
  if (!(ENVIRONMENTS as readonly string[]).includes(chosen)) {
    throw new Error(`MCP_ENV must be staging or production, got ${JSON.stringify(value)}`);
  }
  return chosen as RecordEnvironment;
}
