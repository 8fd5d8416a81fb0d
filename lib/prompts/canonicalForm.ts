import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonicalJson';

/**
 * The canonical form of a prompt version and its checksums (README "Prompt checksums"). Framework-free
 * and database-free: the CLI, the REST API and MCP servers (re-implemented from the README) compute the
 * same bytes.
 *
 *   template  = NFC(text), CRLF/CR → LF, leading empty lines and trailing whitespace removed
 *   variables = declared variable names, de-duplicated, sorted by UTF-16 code units
 *   parameters= JSON object of model parameters (RFC 8785 orders its keys)
 *   checksum          = hex(SHA-256(UTF-8(JCS({"parameters": …, "template": …, "variables": […]}))))
 *   template_checksum = hex(SHA-256(UTF-8(template)))
 */

export type PromptParameters = Record<string, unknown>;

export interface PromptContent {
  template: string;
  variables: string[];
  parameters: PromptParameters;
}

export interface PromptChecksums {
  checksum: string;
  templateChecksum: string;
}

const LEADING_EMPTY_LINES = /^(?:[ \t]*\n)+/;
const TRAILING_WHITESPACE = /\s+$/u;

/** The template as stored and hashed: editors' line endings and final newlines never change a checksum. */
export function canonicalTemplate(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(LEADING_EMPTY_LINES, '').replace(TRAILING_WHITESPACE, '');
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalVariables(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.normalize('NFC')))].sort(byCodeUnits);
}

/** Round-trips through JSON so `undefined` members vanish exactly as they would over the wire. */
export function canonicalParameters(parameters: PromptParameters | null | undefined): PromptParameters {
  if (parameters === null || parameters === undefined) return {};
  return JSON.parse(JSON.stringify(parameters)) as PromptParameters;
}

export function canonicalContent(content: PromptContent): PromptContent {
  return {
    template: canonicalTemplate(content.template),
    variables: canonicalVariables(content.variables),
    parameters: canonicalParameters(content.parameters),
  };
}

/** The exact text whose SHA-256 is the version checksum. */
export function canonicalDocument(content: PromptContent): string {
  const canonical = canonicalContent(content);
  return canonicalJson({ parameters: canonical.parameters, template: canonical.template, variables: canonical.variables });
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function promptChecksums(content: PromptContent): PromptChecksums {
  return { checksum: sha256Hex(canonicalDocument(content)), templateChecksum: sha256Hex(canonicalTemplate(content.template)) };
}
