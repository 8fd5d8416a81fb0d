import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../ledger/canonicalJson';
import { parseSemVer } from './semver';

/**
 * A tool manifest as teams keep it in their repositories (one JSON file per tool version): the MCP
 * `Tool` object as `tools/list` shows it, plus `version` and `owner`. What Warden stores and hashes is
 * the normalised manifest without `owner` (ownership belongs to the tool, not to one version).
 */
export const TOOL_NAME = /^[A-Za-z0-9_./-]{1,128}$/;

const jsonSchema = z.record(z.string(), z.unknown(), { error: 'must be a JSON Schema object' });

export const toolManifestInput = z.object({
  name: z.string({ error: 'name the tool' }).regex(TOOL_NAME, 'use 1–128 of A–Z a–z 0–9 _ - . /'),
  version: z.string({ error: 'give a semver version, e.g. 1.0.0' }).refine((value) => parseSemVer(value) !== null, 'is not a semver version (MAJOR.MINOR.PATCH)'),
  owner: z.string().trim().min(1).max(200).optional(),
  title: z.string().max(200).optional(),
  description: z.string({ error: 'describe what the tool does' }).trim().min(1, 'describe what the tool does').max(20_000),
  inputSchema: jsonSchema.refine((schema) => schema.type === 'object', 'an MCP tool input schema has "type": "object"'),
  outputSchema: jsonSchema.optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});
export type ToolManifestInput = z.infer<typeof toolManifestInput>;

export interface ToolManifest {
  name: string;
  version: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 (hex) of the RFC 8785 form: the same hash the MCP recorder reports as `input_schema_hash`. */
export const schemaHash = (schema: unknown) => sha256Hex(canonicalJson(schema));

export function normaliseManifest(input: ToolManifestInput): ToolManifest {
  const manifest: ToolManifest = { name: input.name, version: parseSemVer(input.version)!.text, description: input.description, inputSchema: input.inputSchema };
  if (input.title !== undefined) manifest.title = input.title;
  if (input.outputSchema !== undefined) manifest.outputSchema = input.outputSchema;
  if (input.annotations !== undefined) manifest.annotations = input.annotations;
  return manifest;
}

export function manifestHashes(manifest: ToolManifest) {
  return { manifestHash: sha256Hex(canonicalJson(manifest)), inputSchemaHash: schemaHash(manifest.inputSchema) };
}
