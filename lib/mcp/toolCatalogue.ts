import { canonicalJson } from '../ledger/canonicalJson';
import { isObject, META_VERSION, sha256Hex } from './callRecord';

/** What a record says about the tool it called, taken from the server's own `tools/list`. */
export interface ToolFacts {
  /** `_meta["warden/version"]` (or `_meta.version`) of the tool; the record falls back to the server version. */
  version?: string;
  /** SHA-256 (hex) of the RFC 8785 form of the input schema exactly as clients are shown it. */
  inputSchemaHash?: string;
}

/** Asks the wrapped server for one page of `tools/list`. */
export type ListToolsPage = (cursor: string | undefined, extra: unknown) => Promise<unknown>;

const MAX_PAGES = 50;
/** A call to a tool the catalogue lacks reloads it, but not more often than this (unknown tools are a common probe). */
const RELOAD_ON_MISS_MS = 1000;

/**
 * The hash of the schema as clients receive it: the server's object goes over the wire as JSON, where a NaN
 * default is null, a toJSON has been applied and functions are gone; hashed as it was, those made the RFC 8785
 * form throw (or, for a boxed string, differ from what clients see).
 */
function schemaHash(schema: unknown): string | undefined {
  if (schema === undefined) return undefined;
  const wire = JSON.stringify(schema) as string | undefined;
  return wire === undefined ? undefined : sha256Hex(canonicalJson(JSON.parse(wire)));
}

function toolVersion(tool: Record<string, unknown>): string | undefined {
  const meta = isObject(tool._meta) ? tool._meta : {};
  return typeof meta[META_VERSION] === 'string' ? meta[META_VERSION] : typeof meta.version === 'string' ? meta.version : undefined;
}

export function toolFacts(tool: Record<string, unknown>): ToolFacts {
  return { version: toolVersion(tool), inputSchemaHash: schemaHash(tool.inputSchema) };
}

/**
 * Registry hook (issue #6, item 4, not built yet): once Warden serves the live release of tools and
 * prompts, a lookup beside `fetchAll` can add the registered version and hash to ToolFacts, so records
 * can say whether the call matched the approved release. Everything downstream already carries ToolFacts.
 *
 * The tools of one connection's server, loaded lazily through the server itself and dropped when it
 * announces `notifications/tools/list_changed` — so a schema that changes under the same version
 * shows up as a new hash on the very next call.
 */
export class ToolCatalogue {
  private tools: Map<string, ToolFacts> | null = null;
  private loading: Promise<Map<string, ToolFacts>> | null = null;
  private generation = 0;
  private loadedAt = 0;

  constructor(private readonly listPage: ListToolsPage, private readonly report: (error: unknown) => void) {}

  /** A value when the catalogue is loaded (the common case, no promise per call), else a promise. */
  lookup(name: string, extra: unknown): ToolFacts | undefined | Promise<ToolFacts | undefined> {
    if (this.tools) {
      const hit = this.tools.get(name);
      if (hit || Date.now() - this.loadedAt < RELOAD_ON_MISS_MS) return hit;
      this.invalidate();
    }
    return this.load(extra).then((tools) => tools.get(name));
  }

  invalidate(): void {
    this.tools = null;
    this.loading = null;
    this.generation++;
  }

  private load(extra: unknown): Promise<Map<string, ToolFacts>> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const settle = (tools: Map<string, ToolFacts>) => {
      if (generation === this.generation) {
        this.tools = tools;
        this.loadedAt = Date.now();
      }
      return tools;
    };
    this.loading = this.fetchAll(extra).then(settle, (error: unknown) => {
      this.report(new Error(`could not list the server's tools: ${(error as Error).message ?? error}`));
      return settle(new Map());
    });
    return this.loading;
  }

  /** One tool whose schema cannot be hashed (a BigInt in it, say) keeps its version; the others keep everything. */
  private factsOf(tool: Record<string, unknown>): ToolFacts {
    try {
      return toolFacts(tool);
    } catch (error) {
      this.report(new Error(`cannot hash the input schema of tool ${JSON.stringify(tool.name)}: ${(error as Error).message ?? error}`));
      return { version: toolVersion(tool) };
    }
  }

  private async fetchAll(extra: unknown): Promise<Map<string, ToolFacts>> {
    const tools = new Map<string, ToolFacts>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listPage(cursor, extra);
      if (!isObject(result) || !Array.isArray(result.tools)) break;
      for (const tool of result.tools) if (isObject(tool) && typeof tool.name === 'string') tools.set(tool.name, this.factsOf(tool));
      cursor = typeof result.nextCursor === 'string' ? result.nextCursor : undefined;
      if (!cursor) break;
    }
    return tools;
  }
}
