import type pg from 'pg';
import type { Environment } from '../environment';
import type { DetectionExecution } from './types';

const COLUMNS = `seq, timestamp, server_name, method, tool_name, tool_version, input_schema_hash, prompt_name, prompt_version,
  prompt_checksum, prompt, model, user_id, session_id, agent_id, arguments, output, is_error, error, duration_ms, side_effects`;

type Row = {
  seq: string; timestamp: Date; server_name: string | null; method: string | null; tool_name: string | null; tool_version: string | null;
  input_schema_hash: string | null; prompt_name: string | null; prompt_version: string | null; prompt_checksum: string | null; prompt: string | null;
  model: string | null; user_id: string | null; session_id: string | null; agent_id: string | null; arguments: unknown; output: unknown;
  is_error: boolean; error: string | null; duration_ms: number | null; side_effects: unknown;
};

export function toDetectionExecution(row: Row): DetectionExecution {
  return {
    seq: Number(row.seq), timestamp: row.timestamp, serverName: row.server_name, method: row.method, toolName: row.tool_name,
    toolVersion: row.tool_version, inputSchemaHash: row.input_schema_hash, promptName: row.prompt_name, promptVersion: row.prompt_version,
    promptChecksum: row.prompt_checksum, prompt: row.prompt, model: row.model, userId: row.user_id, sessionId: row.session_id,
    agentId: row.agent_id, arguments: row.arguments, output: row.output, isError: row.is_error, error: row.error,
    durationMs: row.duration_ms, sideEffects: row.side_effects,
  };
}

/** Executions with seq in [from, to), in log order (quarantined lines leave gaps in seq). */
export async function readExecutions(client: Pick<pg.PoolClient, 'query'>, environment: Environment, from: number, to: number): Promise<DetectionExecution[]> {
  const { rows } = await client.query<Row>(
    `SELECT ${COLUMNS} FROM executions WHERE environment = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`, [environment, from, to]);
  return rows.map(toDetectionExecution);
}
