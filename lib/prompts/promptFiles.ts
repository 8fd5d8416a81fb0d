import type { PromptParameters } from './canonicalForm';

/**
 * Prompt files in a repository (`warden prompt diff|push <dir>`): one file per prompt, either
 * Markdown/text with a front-matter header or JSON. Framework-free: the CLI parses, the API registers.
 *
 *   ---
 *   name: triage-ticket            # default: the file name without extension
 *   description: Ticket triage
 *   owner: support
 *   tag: 2.0.1                     # optional semver tag
 *   variables: [key, team]         # default: the {{placeholders}} of the template
 *   parameters:                    # or inline JSON: parameters: {"temperature": 0.2}
 *     model: claude-sonnet-4
 *     temperature: 0.2
 *   message: Say who owns it       # recorded with a pushed version
 *   ---
 *   Triage {{key}} for the {{team}} team. …
 *
 * The header is a YAML subset: `key: value` lines, `#` comments, quoted or plain strings, numbers,
 * booleans, null, inline JSON arrays/objects, `[a, b]` lists of plain words, and one level of
 * indented `key: value` lines under `parameters:`.
 */

export const PROMPT_FILE_EXTENSIONS = ['.md', '.markdown', '.txt', '.prompt', '.json'] as const;

export interface PromptFile {
  name: string;
  description?: string;
  owner?: string;
  tag?: string;
  variables?: string[];
  parameters: PromptParameters;
  message?: string;
  template: string;
}

export class PromptFileError extends Error {}

const KNOWN_KEYS = ['name', 'description', 'owner', 'tag', 'variables', 'parameters', 'message'];

function scalar(raw: string, where: string): unknown {
  const text = raw.trim();
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (text.startsWith('"') || text.startsWith('{') || (text.startsWith('[') && /^\[\s*(?:["{[\d-]|true|false|null|\])/.test(text))) {
    try {
      return JSON.parse(text);
    } catch {
      throw new PromptFileError(`${where}: cannot read ${text} (inline values are JSON)`);
    }
  }
  if (text.startsWith('[') && text.endsWith(']')) return text.slice(1, -1).split(',').map((item) => item.trim()).filter(Boolean).map((item) => scalar(item, where));
  if (text.startsWith("'") && text.endsWith("'") && text.length >= 2) return text.slice(1, -1).replace(/''/g, "'");
  return text;
}

const stripComment = (line: string) => line.replace(/\s+#.*$/, '');

function parseHeader(lines: string[], file: string): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  let block: Record<string, unknown> | null = null;
  lines.forEach((rawLine, index) => {
    const where = `${file}:${index + 2}`;
    if (/^\s*(#.*)?$/.test(rawLine)) return;
    const nested = /^[ \t]+([A-Za-z0-9_.-]+):(.*)$/.exec(rawLine);
    if (nested && block) {
      block[nested[1]!] = scalar(stripComment(nested[2]!), where);
      return;
    }
    const top = /^([A-Za-z_][A-Za-z0-9_]*):(.*)$/.exec(rawLine);
    if (!top) throw new PromptFileError(`${where}: expected "key: value" in the front matter, found ${JSON.stringify(rawLine)}`);
    const [, key, rest] = top;
    if (!KNOWN_KEYS.includes(key!)) throw new PromptFileError(`${where}: unknown front-matter key ${key} (known: ${KNOWN_KEYS.join(', ')})`);
    const value = stripComment(rest!).trim();
    if (value === '' && key === 'parameters') {
      block = {};
      header[key] = block;
      return;
    }
    block = null;
    header[key!] = scalar(value, where);
  });
  return header;
}

const baseName = (file: string) => file.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '');

function optionalString(value: unknown, key: string, file: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new PromptFileError(`${file}: ${key} must be text`);
  return value;
}

function fromFields(fields: Record<string, unknown>, template: unknown, file: string): PromptFile {
  if (typeof template !== 'string') throw new PromptFileError(`${file}: template must be text`);
  const variables = fields.variables;
  if (variables !== undefined && variables !== null && (!Array.isArray(variables) || variables.some((item) => typeof item !== 'string'))) {
    throw new PromptFileError(`${file}: variables must be a list of names`);
  }
  const parameters = fields.parameters ?? {};
  if (typeof parameters !== 'object' || Array.isArray(parameters) || parameters === null) throw new PromptFileError(`${file}: parameters must be a mapping`);
  return {
    name: optionalString(fields.name, 'name', file) ?? baseName(file),
    description: optionalString(fields.description, 'description', file),
    owner: optionalString(fields.owner, 'owner', file),
    tag: optionalString(fields.tag, 'tag', file),
    variables: (variables as string[] | null | undefined) ?? undefined,
    parameters: parameters as PromptParameters,
    message: optionalString(fields.message, 'message', file),
    template,
  };
}

/** Parses one prompt file; `file` names it in errors and gives the default prompt name. */
export function parsePromptFile(file: string, text: string): PromptFile {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (/\.json$/i.test(file)) {
    let fields: unknown;
    try {
      fields = JSON.parse(source);
    } catch (error) {
      throw new PromptFileError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new PromptFileError(`${file}: expected a JSON object`);
    const unknown = Object.keys(fields).filter((key) => ![...KNOWN_KEYS, 'template'].includes(key));
    if (unknown.length > 0) throw new PromptFileError(`${file}: unknown keys ${unknown.join(', ')}`);
    return fromFields(fields as Record<string, unknown>, (fields as { template?: unknown }).template, file);
  }
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') return fromFields({}, source, file);
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) throw new PromptFileError(`${file}: the front matter opened on line 1 is never closed with ---`);
  return fromFields(parseHeader(lines.slice(1, end), file), lines.slice(end + 1).join('\n'), file);
}
