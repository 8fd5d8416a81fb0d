import { db } from '../db/client';
import type { ObservedSideEffect } from './evaluateCase';

export interface RecordedCall {
  seq: bigint;
  spanId: string;
  toolName: string | null;
  toolVersion: string | null;
  durationMs: number | null;
  isError: boolean;
  sideEffects: ObservedSideEffect[];
  attributes: Record<string, unknown>;
  tokenId: string | null;
}

function sideEffects(value: unknown): ObservedSideEffect[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => (item && typeof item.kind === 'string' && typeof item.target === 'string' ? [{ kind: item.kind, target: item.target }] : []));
}

/**
 * The staging execution records of one run, found by the trace id every call carried. Records arrive
 * through ingest after the server's recorder flushes, so this waits (bounded) until every call is
 * there; calls still missing at the deadline simply have no record.
 */
export async function collectRecordedCalls(traceId: string, since: Date, expected: number, deadlineMs = 15_000): Promise<Map<string, RecordedCall>> {
  const until = Date.now() + deadlineMs;
  // Partitions are by ingested_at: bounding it keeps the scan to the current month.
  const from = new Date(since.getTime() - 60_000);
  for (;;) {
    const rows = await db().$queryRaw<Array<{ seq: bigint; span_id: string; tool_name: string | null; tool_version: string | null; duration_ms: number | null; is_error: boolean; side_effects: unknown; attributes: unknown; token_id: string | null }>>`
      SELECT seq, span_id, tool_name, tool_version, duration_ms, is_error, side_effects, attributes, token_id::text AS token_id
        FROM executions WHERE environment = 'staging' AND trace_id = ${traceId} AND ingested_at >= ${from} ORDER BY seq`;
    const calls = new Map<string, RecordedCall>();
    for (const row of rows) {
      if (!calls.has(row.span_id)) {
        calls.set(row.span_id, {
          seq: row.seq, spanId: row.span_id, toolName: row.tool_name, toolVersion: row.tool_version, durationMs: row.duration_ms, isError: row.is_error,
          sideEffects: sideEffects(row.side_effects), attributes: (row.attributes ?? {}) as Record<string, unknown>, tokenId: row.token_id,
        });
      }
    }
    if (calls.size >= expected || Date.now() >= until) return calls;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
