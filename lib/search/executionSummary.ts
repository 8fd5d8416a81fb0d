import type { Environment } from '../environment';
import type { SummaryRow } from './findMatches';

/** One execution in a result list: what the list shows and filters on, without the text fields. */
export interface ExecutionSummary {
  environment: Environment;
  seq: number;
  id: string;
  timestamp: Date;
  ingestedAt: Date;
  serverName: string | null;
  method: string | null;
  toolName: string | null;
  toolVersion: string | null;
  promptName: string | null;
  promptVersion: string | null;
  model: string | null;
  userId: string | null;
  sessionId: string | null;
  agentId: string | null;
  inputSchemaHash: string | null;
  isError: boolean;
  durationMs: number | null;
}

export function toSummary(row: SummaryRow): ExecutionSummary {
  return {
    environment: row.environment as Environment, seq: Number(row.seq), id: row.id, timestamp: row.timestamp, ingestedAt: row.ingested_at,
    serverName: row.server_name, method: row.method, toolName: row.tool_name, toolVersion: row.tool_version, promptName: row.prompt_name,
    promptVersion: row.prompt_version, model: row.model, userId: row.user_id, sessionId: row.session_id, agentId: row.agent_id,
    inputSchemaHash: row.input_schema_hash, isError: row.is_error, durationMs: row.duration_ms,
  };
}

/** camelCase keys → the API's snake_case, Dates → RFC 3339 (top level only: JSON fields stay as sent). */
export function toApiJson(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [
    key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
    field instanceof Date ? field.toISOString() : field,
  ]));
}
