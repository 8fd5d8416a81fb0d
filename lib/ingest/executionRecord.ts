import type { Environment } from '../environment';

/** String fields of the execution record v1, in schema order. */
export const STRING_FIELDS = [
  'server_name', 'server_version', 'method', 'tool_name', 'tool_version', 'input_schema_hash', 'prompt_name',
  'prompt_version', 'prompt_checksum', 'prompt', 'model', 'model_config_version', 'user_id', 'session_id', 'agent_id',
  'request_id', 'trace_id', 'span_id', 'error',
] as const;
export type StringField = (typeof STRING_FIELDS)[number];

export const SIDE_EFFECT_KINDS = ['shell_exec', 'dns', 'http', 'file_read', 'file_write', 'process'] as const;

export interface SideEffect {
  kind: string;
  target: string;
  [extra: string]: unknown;
}

/** A validated, normalised execution record: what Warden stores and what its leaf hash commits to. */
export type ExecutionRecord = {
  id: string;
  environment: Environment;
  /** RFC 3339, UTC, millisecond precision. */
  timestamp: string;
  arguments?: Record<string, unknown>;
  output?: unknown;
  is_error: boolean;
  duration_ms?: number;
  input_tokens?: number;
  output_tokens?: number;
  side_effects?: SideEffect[];
  attributes?: Record<string, unknown>;
} & Partial<Record<StringField, string>>;

/** Every top-level key the v1 schema defines; anything else moves into `attributes`. */
export const KNOWN_FIELDS = new Set<string>([
  'id', 'timestamp', 'environment', ...STRING_FIELDS, 'arguments', 'output', 'is_error', 'duration_ms', 'input_tokens',
  'output_tokens', 'side_effects', 'attributes',
]);
