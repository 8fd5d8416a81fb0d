/**
 * Turns what teams keep in their repositories into tool manifests for registerToolVersions:
 *
 * - a Warden manifest `{name, version, owner?, title?, description, inputSchema, outputSchema?, annotations?}`,
 *   an array of them, or `{manifests: [...]}`;
 * - a `tools/list` snapshot `{tools: [...]}` (the MCP `Tool` objects), each tool's version from
 *   `_meta["warden/version"]` (or `_meta.version`, as the recorder reads it), else the snapshot's `version`;
 * - an official MCP Registry `server.json` (https://static.modelcontextprotocol.io/schemas/…/server.schema.json).
 *   It describes the server, not its tools, so the tools come from publisher-provided metadata —
 *   `_meta["io.modelcontextprotocol.registry/publisher-provided"].tools`, MCP `Tool` objects — versioned
 *   like a snapshot, defaulting to the server's `version`, owned by the server name's namespace.
 */
export const PUBLISHER_META = 'io.modelcontextprotocol.registry/publisher-provided';

export type ImportResult =
  | { ok: true; format: 'manifest' | 'tools_list' | 'server_json'; manifests: Array<Record<string, unknown>>; source: 'api' | 'mcp_registry' }
  | { ok: false; message: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function toolVersion(tool: Record<string, unknown>, fallback: unknown): unknown {
  const meta = isObject(tool._meta) ? tool._meta : {};
  return meta['warden/version'] ?? meta.version ?? fallback;
}

function fromTools(tools: unknown[], defaults: { version?: unknown; owner?: unknown }): Array<Record<string, unknown>> {
  return tools.map((tool) => {
    if (!isObject(tool)) return { invalid: tool };
    const { _meta: _ignored, ...rest } = tool;
    return { ...rest, version: toolVersion(tool, defaults.version), ...(defaults.owner && !rest.owner ? { owner: defaults.owner } : {}) };
  });
}

export function isServerJson(value: Record<string, unknown>): boolean {
  return (typeof value.$schema === 'string' && value.$schema.includes('server.schema.json'))
    || (typeof value.name === 'string' && value.name.includes('/') && (Array.isArray(value.packages) || Array.isArray(value.remotes)));
}

export function importManifests(document: unknown): ImportResult {
  if (Array.isArray(document)) {
    const nested = document.map(importManifests);
    const failed = nested.find((result) => !result.ok);
    if (failed && !failed.ok) return failed;
    const manifests = nested.flatMap((result) => (result.ok ? result.manifests : []));
    return { ok: true, format: 'manifest', manifests, source: nested.some((result) => result.ok && result.source === 'mcp_registry') ? 'mcp_registry' : 'api' };
  }
  if (!isObject(document)) return { ok: false, message: 'expected a JSON object: a tool manifest, {manifests: [...]}, a tools/list snapshot {tools: [...]} or an MCP Registry server.json' };
  if (Array.isArray(document.manifests)) return importManifests(document.manifests);
  if (isServerJson(document)) {
    const published = isObject(document._meta) && isObject(document._meta[PUBLISHER_META]) ? document._meta[PUBLISHER_META] : null;
    const tools = published && Array.isArray(published.tools) ? published.tools : null;
    if (!tools || tools.length === 0) {
      return { ok: false, message: `server.json ${String(document.name)} describes the server but lists no tools: put its tools (as tools/list shows them) under _meta["${PUBLISHER_META}"].tools, or push a tools/list snapshot` };
    }
    const namespace = typeof document.name === 'string' ? document.name.split('/')[0] : undefined;
    return { ok: true, format: 'server_json', manifests: fromTools(tools, { version: document.version, owner: published!.owner ?? namespace }), source: 'mcp_registry' };
  }
  if (Array.isArray(document.tools)) {
    return { ok: true, format: 'tools_list', manifests: fromTools(document.tools, { version: document.version, owner: document.owner }), source: 'api' };
  }
  return { ok: true, format: 'manifest', manifests: [document], source: 'api' };
}
