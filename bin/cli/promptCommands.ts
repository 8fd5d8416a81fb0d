import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promptChecksums } from '../../lib/prompts/canonicalForm';
import {
  describeFile, FAIL_POLICIES, fileContent, judgeFile, summarize, summaryLine, type FailPolicy, type FileJudgement, type RegistryVersion,
} from '../../lib/prompts/promptFileDiff';
import { parsePromptFile, PROMPT_FILE_EXTENSIONS, PromptFileError, type PromptFile } from '../../lib/prompts/promptFiles';
import { UsageError } from './args';

/**
 * `warden prompt diff|push|checksum`: prompt files in a repository against the registry, over the
 * REST API (no database). Exit codes: 0 fine, 1 the policy failed (or a push was refused), 2 usage,
 * file or connection errors.
 */

export const PROMPT_HELP = `  warden prompt diff <dir> [--against latest|staging|production] [--fail-on unregistered|changed|never]
                     [--verify] [--color] [--context 3] [--url U] [--token wdn_…]
                                              word-diff prompt files against the registry; exit 1 on unregistered changes
  warden prompt push <dir> [--label-staging] [--message M] [--url U] [--token wdn_staging_…]
                                              register changed files as new versions (staging tokens with prompts:write)
  warden prompt checksum <file>…              print the canonical checksum of prompt files`;

class ExitError extends Error {
  constructor(message: string, readonly code: number) { super(message); }
}

/** Paths the user typed are relative to where they ran the command (bin/warden moves to the checkout). */
const callerPath = (target: string) => path.resolve(process.env.WARDEN_CALLER_CWD ?? process.cwd(), target);
const toPosix = (file: string) => file.split(path.sep).join('/');

interface LoadedFile { path: string; file: PromptFile }

/** Every prompt file under `dir` (recursive, sorted, dot-folders and node_modules skipped). */
export function loadPromptFiles(dir: string): LoadedFile[] {
  const root = callerPath(dir);
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new ExitError(`${dir}: no such file or directory`, 2);
  }
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (PROMPT_FILE_EXTENSIONS.some((extension) => entry.name.toLowerCase().endsWith(extension))) found.push(full);
    }
  };
  if (stat.isDirectory()) walk(root);
  else found.push(root);
  const base = stat.isDirectory() ? root : path.dirname(root);
  const files = found.map((full) => toPosix(path.relative(base, full))).sort().map((relative) => {
    try {
      return { path: relative, file: parsePromptFile(relative, readFileSync(path.join(base, relative), 'utf8')) };
    } catch (error) {
      if (error instanceof PromptFileError) throw new ExitError(error.message, 2);
      throw error;
    }
  });
  const seen = new Map<string, string>();
  for (const { path: file, file: { name } } of files) {
    if (seen.has(name)) throw new ExitError(`${file} and ${seen.get(name)} both define prompt ${name}: one file per prompt`, 2);
    seen.set(name, file);
  }
  if (files.length === 0) throw new ExitError(`${dir}: no prompt files (${PROMPT_FILE_EXTENSIONS.join(', ')})`, 2);
  return files;
}

interface Connection { url: string; token: string }

function connection(values: { url?: string; token?: string }): Connection {
  const token = values.token ?? process.env.WARDEN_TOKEN;
  if (!token) throw new UsageError('give a token with --token or WARDEN_TOKEN (scope prompts:read for diff, prompts:write for push)');
  const url = (values.url ?? process.env.WARDEN_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
  return { url, token };
}

async function request(conn: Connection, method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(`${conn.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${conn.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ExitError(`cannot reach ${conn.url}: ${(error as Error).message}`, 2);
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { message: text.slice(0, 200) };
  }
  if (response.status === 401 || (response.status === 403 && method === 'GET')) {
    throw new ExitError(`${method} ${route}: ${response.status} ${String(json.message ?? json.error ?? '')}`, 2);
  }
  return { status: response.status, json };
}

const promptPath = (name: string) => `/api/v1/prompts/${encodeURIComponent(name)}`;

interface RegistryPrompt { versions: RegistryVersion[]; labels: Record<string, number> }

async function fetchPrompt(conn: Connection, name: string): Promise<RegistryPrompt | null> {
  const { status, json } = await request(conn, 'GET', promptPath(name));
  if (status === 404) return null;
  if (status !== 200) throw new ExitError(`GET ${promptPath(name)}: ${status} ${String(json.message ?? '')}`, 2);
  return { versions: json.versions as RegistryVersion[], labels: (json.labels ?? {}) as Record<string, number> };
}

function referenceOf(prompt: RegistryPrompt | null, against: string): RegistryVersion | null {
  if (!prompt || prompt.versions.length === 0) return null;
  if (against === 'latest') return prompt.versions.reduce((a, b) => (a.version > b.version ? a : b));
  const labelled = prompt.labels[against];
  return labelled === undefined ? null : prompt.versions.find((v) => v.version === labelled) ?? null;
}

async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCli(args, {
    against: { type: 'string' }, 'fail-on': { type: 'string' }, verify: { type: 'boolean' }, color: { type: 'boolean' },
    context: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('warden prompt diff takes one directory (or file)');
  const against = (values.against as string | undefined) ?? 'latest';
  if (!['latest', 'staging', 'production'].includes(against)) throw new UsageError('--against must be latest, staging or production');
  const policy = (values.verify ? 'changed' : (values['fail-on'] as string | undefined) ?? 'unregistered') as FailPolicy;
  if (!FAIL_POLICIES.includes(policy)) throw new UsageError(`--fail-on must be ${FAIL_POLICIES.join(', ')}`);
  const context = values.context === undefined ? 3 : Number(values.context);
  if (!Number.isInteger(context) || context < 0 || context > 1000) throw new UsageError('--context must be a whole number of lines');
  const files = loadPromptFiles(positionals[0]!);
  const conn = connection(values as { url?: string; token?: string });
  const judgements: FileJudgement[] = [];
  for (const { path: file, file: prompt } of files) {
    const registered = await fetchPrompt(conn, prompt.name);
    const reference = referenceOf(registered, against);
    if (registered && registered.versions.length > 0 && !reference && against !== 'latest') {
      console.error(`warden: ${prompt.name}: no version labelled ${against} is visible to this token (a token sees its own environment's label only)`);
    }
    const judgement = judgeFile(file, prompt, registered?.versions ?? null, reference);
    judgements.push(judgement);
    if (values.verify) {
      const ok = judgement.status === 'unchanged' && judgement.corruptVersions.length === 0;
      const expected = reference ? `${reference.checksum} (v${reference.version})` : '(none registered)';
      console.log(`${ok ? 'OK      ' : 'MISMATCH'} ${prompt.name} ${file} ${judgement.checksum}${ok ? '' : ` expected ${expected}`}`);
    } else {
      console.log(describeFile(judgement, prompt, { against, color: Boolean(values.color), context }));
    }
  }
  const summary = summarize(judgements, policy);
  console.log(summaryLine(summary, policy));
  return summary.failed ? 1 : 0;
}

async function pushCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCli(args, {
    'label-staging': { type: 'boolean' }, message: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('warden prompt push takes one directory (or file)');
  const files = loadPromptFiles(positionals[0]!);
  const conn = connection(values as { url?: string; token?: string });
  if (!conn.token.startsWith('wdn_staging_')) {
    throw new ExitError('prompt versions are pushed with staging tokens only; production gets them through a release promotion', 2);
  }
  let refused = 0;
  for (const { path: file, file: prompt } of files) {
    const content = fileContent(prompt);
    const body = {
      template: content.template, variables: content.variables, parameters: content.parameters, tag: prompt.tag,
      message: (values.message as string | undefined) ?? prompt.message ?? `warden prompt push ${file}`,
    };
    let result = await request(conn, 'POST', `${promptPath(prompt.name)}/versions`, body);
    if (result.status === 404) {
      result = await request(conn, 'POST', '/api/v1/prompts', { name: prompt.name, description: prompt.description, owner: prompt.owner, ...body });
    }
    const checksum = promptChecksums(content).checksum.slice(0, 12);
    if (result.status === 201) {
      const version = result.json.version as number;
      let labelled = '';
      if (values['label-staging']) {
        const moved = await request(conn, 'PUT', `${promptPath(prompt.name)}/labels/staging`, { version });
        labelled = moved.status === 200 ? ', labelled staging' : ` (staging label not moved: ${moved.status} ${String(moved.json.message ?? '')})`;
        if (moved.status !== 200) refused++;
      }
      console.log(`+ ${prompt.name} (${file}): registered v${version} [${checksum}]${labelled}`);
    } else if (result.status === 409 && /nothing changed/.test(String(result.json.message))) {
      console.log(`= ${prompt.name} (${file}): unchanged [${checksum}]`);
    } else {
      refused++;
      console.log(`! ${prompt.name} (${file}): refused, ${result.status} ${String(result.json.message ?? result.json.error ?? '')}`);
    }
  }
  console.log(`${files.length} prompt file${files.length === 1 ? '' : 's'}, ${refused} refused`);
  return refused > 0 ? 1 : 0;
}

function checksumCommand(args: string[]): number {
  const { positionals } = parseCli(args, {});
  if (positionals.length === 0) throw new UsageError('warden prompt checksum takes prompt files');
  for (const target of positionals) {
    for (const { path: file, file: prompt } of loadPromptFiles(target)) {
      const checksums = promptChecksums(fileContent(prompt));
      console.log(`${checksums.checksum}  ${prompt.name}  ${file}  (template ${checksums.templateChecksum})`);
    }
  }
  return 0;
}

function parseCli(args: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function promptCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'diff':
        return await diffCommand(rest);
      case 'push':
        return await pushCommand(rest);
      case 'checksum':
        return checksumCommand(rest);
      default:
        throw new UsageError(`unknown prompt command "${sub ?? ''}" (diff, push, checksum)`);
    }
  } catch (error) {
    if (error instanceof ExitError) {
      console.error(`warden: ${error.message}`);
      return error.code;
    }
    throw error;
  }
}
