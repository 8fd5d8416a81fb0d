import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importManifests } from '../../lib/registry/importManifests';
import { UsageError } from './args';

/**
 * `warden tool push <dir>`: registers the tool manifests kept in a repository (Warden manifests,
 * tools/list snapshots, MCP Registry server.json files) over the REST API with a staging
 * `registry:write` token. Exit codes: 0 registered (or already registered), 1 refused (a wrong semver
 * step, with the reason), 2 usage, file or connection errors.
 */
export const TOOL_HELP = `  warden tool push <dir> [--url U] [--token wdn_staging_…]   register tool manifests / server.json (refuses a wrong semver bump)`;

const callerPath = (target: string) => path.resolve(process.env.WARDEN_CALLER_CWD ?? process.cwd(), target);

/** JSON files under `dir` that hold manifests (recursive; dot-folders, node_modules and package.json-like files skipped). */
export function loadManifestFiles(dir: string): { documents: unknown[]; files: string[]; skipped: string[] } {
  const root = callerPath(dir);
  const stat = statSync(root, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${dir}: no such file or directory`);
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) found.push(full);
    }
  };
  if (stat.isDirectory()) walk(root);
  else found.push(root);
  const documents: unknown[] = [];
  const files: string[] = [];
  const skipped: string[] = [];
  for (const file of found.sort()) {
    const relative = path.relative(stat.isDirectory() ? root : path.dirname(root), file);
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`${relative}: not valid JSON (${(error as Error).message})`);
    }
    const value = document as Record<string, unknown>;
    const looksLikeManifest = Array.isArray(document) || (typeof document === 'object' && document !== null
      && ('inputSchema' in value || Array.isArray(value.tools) || Array.isArray(value.manifests) || typeof value.$schema === 'string' && value.$schema.includes('server.schema.json')));
    if (!looksLikeManifest) {
      skipped.push(relative);
      continue;
    }
    const imported = importManifests(document);
    if (!imported.ok) throw new UsageError(`${relative}: ${imported.message}`);
    documents.push(document);
    files.push(relative);
  }
  return { documents, files, skipped };
}

interface PushAnswer {
  registered?: Array<{ name: string; version: string; created: boolean; previous_version: string | null; changes: Array<{ severity: string }> }>;
  message?: string;
  refused?: { name: string | null; version: string | null };
}

export async function toolCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'push') throw new UsageError(`unknown tool command "${sub ?? ''}" (try: warden tool push <dir>)`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { url: { type: 'string' }, token: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dir = parsed.positionals[0];
  if (!dir || parsed.positionals.length > 1) throw new UsageError('warden tool push takes one directory (or file)');
  const url = (parsed.values.url ?? process.env.WARDEN_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const token = parsed.values.token ?? process.env.WARDEN_TOKEN;
  if (!token) throw new UsageError('--token (or WARDEN_TOKEN) is required: a staging token with the registry:write scope');
  const { documents, files, skipped } = loadManifestFiles(dir);
  for (const file of skipped) console.log(`skipped   ${file} (not a tool manifest)`);
  if (documents.length === 0) {
    console.error(`warden: no tool manifests under ${dir}`);
    return 2;
  }
  let response: Response;
  try {
    response = await fetch(`${url}/api/v1/registry/tools`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(documents),
    });
  } catch (error) {
    console.error(`warden: cannot reach ${url}: ${(error as Error).message}`);
    return 2;
  }
  const answer = (await response.json().catch(() => ({}))) as PushAnswer;
  for (const row of answer.registered ?? []) {
    const breaking = row.changes.filter((change) => change.severity === 'breaking').length;
    const note = row.created ? (row.previous_version ? `after ${row.previous_version}${breaking ? `, ${breaking} breaking change(s)` : ''}` : 'first version') : 'already registered, unchanged';
    console.log(`${row.created ? 'registered' : 'unchanged '} ${row.name}@${row.version} (${note})`);
  }
  if (response.status === 422 || response.status === 409) {
    console.error(`refused   ${answer.refused?.name ?? '?'}@${answer.refused?.version ?? '?'}: ${answer.message}`);
    return 1;
  }
  if (!response.ok) {
    console.error(`warden: ${url} answered ${response.status}: ${answer.message ?? ''}`);
    return 2;
  }
  console.log(`${files.length} file(s), ${(answer.registered ?? []).filter((row) => row.created).length} version(s) registered.`);
  return 0;
}
