import path from 'node:path';

/** How the runner reaches an environment's MCP server. */
export type McpTarget =
  | { transport: 'stdio'; command: string; args: string[]; cwd?: string; env?: Record<string, string>; label: string }
  | { transport: 'http'; url: string; headers?: Record<string, string>; label: string };

/** The built-in demo server, serving each tool in the version the release names (lib/mcp/demo/releaseVariants.ts). */
export function demoReleaseTarget(toolVersions: Record<string, string>): McpTarget {
  const root = process.cwd();
  return {
    transport: 'stdio', command: process.execPath, args: ['--import', 'tsx', path.join(root, 'lib/mcp/demo/releaseServerMain.ts')], cwd: root,
    env: { DEMO_TOOL_VERSIONS: JSON.stringify(toolVersions) }, label: 'built-in demo MCP server (stdio)',
  };
}

/**
 * The staging MCP server as configured: `WARDEN_STAGING_MCP_URL` (Streamable HTTP) or
 * `WARDEN_STAGING_MCP_COMMAND` (stdio, split on spaces); neither → the built-in demo server.
 * Only staging has a target: a run never reaches production.
 */
export function configuredStagingTarget(toolVersions: Record<string, string>, env: NodeJS.ProcessEnv = process.env): McpTarget {
  if (env.WARDEN_STAGING_MCP_URL) return { transport: 'http', url: env.WARDEN_STAGING_MCP_URL, label: `staging MCP server ${env.WARDEN_STAGING_MCP_URL}` };
  if (env.WARDEN_STAGING_MCP_COMMAND) {
    const [command, ...args] = env.WARDEN_STAGING_MCP_COMMAND.trim().split(/\s+/);
    return { transport: 'stdio', command: command!, args, label: `staging MCP server \`${env.WARDEN_STAGING_MCP_COMMAND}\` (stdio)` };
  }
  return demoReleaseTarget(toolVersions);
}
