/**
 * Masks credentials in text an execution carried (prompt, arguments, output, error…) before the
 * console shows it. Display only: the stored record, its leaf hash and search are untouched, and a
 * lead can reveal the values (recorded in the console log). Each mask keeps what identifies the
 * kind of secret (`sk_live_`, `AKIA`, the URL's user) so an analyst still sees what leaked.
 */
export const MASK = '••••••••';

interface SecretPattern {
  kind: string;
  pattern: RegExp;
  /** The masked text for one match (replace() arguments: the match, then its groups). */
  mask: (...match: string[]) => string;
}

const PATTERNS: SecretPattern[] = [
  {
    kind: 'private key',
    pattern: /-----BEGIN ([A-Z0-9 ]*?)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*?PRIVATE KEY(?: BLOCK)?-----|$)/g,
    mask: (_, type = '', block = '') => `-----BEGIN ${type}PRIVATE KEY${block}-----\n${MASK}\n-----END ${type}PRIVATE KEY${block}-----`,
  },
  { kind: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g, mask: () => `eyJ${MASK}` },
  { kind: 'Stripe key', pattern: /\b((?:sk|rk)_(?:live|test)_|whsec_)[0-9A-Za-z]{4,}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { kind: 'AWS access key', pattern: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { kind: 'GitHub token', pattern: /\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { kind: 'GitLab token', pattern: /\b(glpat-)[A-Za-z0-9_-]{20,}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { kind: 'Slack token', pattern: /\b(xox[abprs]-)[A-Za-z0-9-]{10,}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { kind: 'API key', pattern: /\b(sk-(?:proj-|ant-)?)[A-Za-z0-9_-]{20,}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { kind: 'Google API key', pattern: /\b(AIza)[0-9A-Za-z_-]{35}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { kind: 'Warden token', pattern: /\b(wdn_(?:staging|production)_)[0-9A-Za-z]{38}\b/g, mask: (_, prefix) => `${prefix}${MASK}` },
  {
    kind: 'password in URL',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]+:)([^\s@/?#]+)@/gi,
    mask: (_, before) => `${before}${MASK}@`,
  },
  { kind: 'bearer token', pattern: /\b(Bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/g, mask: (_, before) => `${before}${MASK}` },
  {
    kind: 'AWS secret key',
    pattern: /\b(aws_secret_access_key|aws_secret_key|secretAccessKey)(["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})/gi,
    mask: (_, name, between) => `${name}${between}${MASK}`,
  },
  {
    // `password=…`, `"api_key": "…"`, `secret: …` in free text: the value after the name.
    kind: 'credential assignment',
    pattern: /\b(password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token|private[_-]?key)(["']?\s*[:=]\s*)(["']?)([^\s"',;}]{3,})/gi,
    mask: (whole, name, between, quote) => `${name}${between}${quote}${MASK}`,
  },
];

/** JSON keys whose string value is a credential whatever it looks like. */
const SENSITIVE_KEY = /^(password|passwd|pwd|passphrase|secret|client_secret|[a-z_]*_secret|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|authorization|private[_-]?key|credentials?|cookie|set-cookie)$/i;

export interface MaskedText {
  text: string;
  /** Kinds of secret found, each once (empty: nothing masked). */
  kinds: string[];
}

/** Masks every credential the patterns recognise in one text. */
export function maskSecrets(text: string): MaskedText {
  const kinds = new Set<string>();
  let masked = text;
  for (const { kind, pattern, mask } of PATTERNS) {
    masked = masked.replace(pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      // An earlier pattern already masked this value (e.g. `api_key=sk_live_…`): leave it be.
      if (kind === 'credential assignment' && (args[4] as string).includes(MASK.slice(0, 1))) return match;
      kinds.add(kind);
      return mask(...args.filter((arg): arg is string => typeof arg === 'string' || arg === undefined).map((arg) => arg ?? ''));
    });
  }
  return { text: masked, kinds: [...kinds] };
}

export interface MaskedValue<T = unknown> {
  value: T;
  kinds: string[];
}

/** maskSecrets over every string inside a JSON value; a sensitive key's string value is masked whole. */
export function maskJson(value: unknown): MaskedValue {
  const kinds = new Set<string>();
  const walk = (node: unknown, key: string | null): unknown => {
    if (typeof node === 'string') {
      if (key !== null && SENSITIVE_KEY.test(key) && node.length > 0 && node !== MASK) {
        kinds.add(`value of "${key}"`);
        return MASK;
      }
      const masked = maskSecrets(node);
      masked.kinds.forEach((kind) => kinds.add(kind));
      return masked.text;
    }
    if (Array.isArray(node)) return node.map((item) => walk(item, null));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, walk(child, name)]));
    }
    return node;
  };
  const masked = walk(value, null);
  return { value: masked, kinds: [...kinds] };
}

/** The execution fields that carry free text or JSON, by their API (snake_case) name. */
export const CONTENT_FIELDS = ['prompt', 'arguments', 'output', 'error', 'side_effects', 'attributes'] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];
export type ExecutionContent = Partial<Record<ContentField, unknown>>;

/** Masks each content field; `masked` names the fields that had something masked. */
export function maskExecutionContent(content: ExecutionContent): { content: ExecutionContent; masked: ContentField[]; kinds: string[] } {
  const result: ExecutionContent = {};
  const masked: ContentField[] = [];
  const kinds = new Set<string>();
  for (const field of CONTENT_FIELDS) {
    if (content[field] === undefined || content[field] === null) continue;
    const { value, kinds: found } = maskJson(content[field]);
    result[field] = value;
    if (found.length > 0) {
      masked.push(field);
      found.forEach((kind) => kinds.add(kind));
    }
  }
  return { content: result, masked, kinds: [...kinds] };
}
