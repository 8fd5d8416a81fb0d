import { z } from 'zod';
import { SCOPES } from '../tokens/scopes';

/** What every policy command answers: the value, or a message and errors per input field (forms show them). */
export type PolicyResult<T> = { ok: true; value: T } | { ok: false; message: string; fields: Record<string, string[]> };

const CONTROL = /[\u0000-\u001f\u007f]/;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;

/**
 * An absolute directory in canonical form, or a reason it is refused. Refused rather than repaired:
 * `..`/`.` segments (a policy must say plainly what it allows), `/` itself (that is no limit at all),
 * control characters, and `,` / `"` which `docker run --mount` reads as CSV syntax.
 */
export function normaliseFileRoot(input: string): { root: string } | { problem: string } {
  const value = input.trim();
  if (!value.startsWith('/')) return { problem: `${JSON.stringify(value)} is not an absolute path (start it with /)` };
  if (value.length > 4096) return { problem: 'paths are at most 4096 characters' };
  if (CONTROL.test(value)) return { problem: `${JSON.stringify(value)} contains control characters` };
  if (/[,"]/.test(value)) return { problem: `${JSON.stringify(value)} contains a comma or double quote, which docker --mount cannot take` };
  const segments = value.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) return { problem: `${JSON.stringify(value)} contains . or .. segments; write the directory it means` };
  if (segments.length === 0) return { problem: '/ is the whole filesystem: name the directories the agent needs' };
  return { root: '/' + segments.join('/') };
}

/** A lower-cased host name, `*.domain` (any subdomain, not the domain itself) or IPv4 address, or a reason it is refused. */
export function normaliseEgressHost(input: string): { host: string } | { problem: string } {
  const value = input.trim().toLowerCase().replace(/\.$/, '');
  const wildcard = value.startsWith('*.');
  const name = wildcard ? value.slice(2) : value;
  if (IPV4.test(name) && !wildcard) return { host: name };
  const labels = name.split('.');
  const valid = name.length > 0 && name.length <= 253 && labels.every((label) => HOST_LABEL.test(label)) && !(wildcard && labels.length < 2);
  if (!valid) return { problem: `${JSON.stringify(input.trim())} is not a host name (letters, digits, - and . only; *.example.com for subdomains; no ports or URLs)` };
  return { host: value };
}

// Form fields send lists as text: one entry per line (roots), or per line or comma (tools, hosts, scopes).
const lines = (value: unknown, separators: RegExp) =>
  Array.isArray(value) ? value : typeof value === 'string' ? value.split(separators).map((item) => item.trim()).filter(Boolean) : value;
const list = <T extends z.ZodType>(item: T, separators = /[\n,]/) =>
  z.preprocess((value) => lines(value ?? [], separators), z.array(item).max(500, 'at most 500 entries'));

function canonical<T>(items: T[]): T[] {
  return [...new Set(items)].sort();
}

const fileRoot = z.string().transform((value, context) => {
  const result = normaliseFileRoot(value);
  if ('problem' in result) {
    context.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  }
  return result.root;
});

const egressHost = z.string().transform((value, context) => {
  const result = normaliseEgressHost(value);
  if ('problem' in result) {
    context.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  }
  return result.host;
});

export const agentIdInput = z.string({ error: 'name the agent (its agent_id)' }).trim().min(1, 'name the agent (its agent_id)')
  .max(200, 'at most 200 characters').refine((value) => !CONTROL.test(value), 'must not contain control characters');

export const savePolicyInput = z.object({
  agentId: agentIdInput,
  allowedTools: list(z.string().trim().refine((value) => value === '*' || TOOL_NAME.test(value), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a tool name (letters, digits, _ . : / -), or * for any tool`,
  })).transform(canonical),
  allowedFileRoots: list(fileRoot, /\n/).transform(canonical),
  writableFileRoots: list(fileRoot, /\n/).transform(canonical),
  allowedEgressHosts: list(egressHost).transform(canonical),
  maxScopes: list(z.enum(SCOPES, { error: `scopes are some of ${SCOPES.join(', ')}` })).transform(canonical),
  note: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().trim().max(2000, 'at most 2000 characters').optional()),
  /** The version the editor started from: saving over a newer version is refused instead of silently overwriting it. */
  baseVersion: z.preprocess((value) => (value === '' || value === null ? undefined : value),
    z.coerce.number().int().min(0).optional()),
});
export type SavePolicyInput = z.output<typeof savePolicyInput>;

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): PolicyResult<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const flat = z.flattenError(result.error);
  const fields = flat.fieldErrors as Record<string, string[]>;
  const messages = Object.entries(fields).map(([name, errors]) => `${name}: ${errors.join('; ')}`);
  return { ok: false, message: [...messages, ...flat.formErrors].join(', ') || 'invalid input', fields };
}

export const refused = (field: string, message: string): PolicyResult<never> => ({ ok: false, message: `${field}: ${message}`, fields: { [field]: [message] } });
