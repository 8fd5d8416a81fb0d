// Execution rows for the COPY reader's equivalence tests (executionCopy, the WebAssembly writer): not used at run time.
import { STRING_FIELDS } from '../../ingest/executionRecord';
import type { ExecutionColumns } from '../rowDocuments';
import { canonicalJson } from '../canonicalJson';
import { bool, float8, int4, int8, json, text, timestamptz, type CopyField } from './copyRows';
import { generate, jsonbText, looseText } from './generatedJson';

export type GeneratedRow = { columns: ExecutionColumns; fields: Record<string, CopyField> };

/** A row as PostgreSQL would send it, and the same row decoded the way node-postgres rows were. */
export function generatedRow(next: () => number, seq: number): GeneratedRow {
  const optional: Record<string, unknown> = {};
  const fields: Record<string, CopyField> = {};
  const absent = () => next() < 0.3;
  const string = () => {
    const value = generate(next, 4);
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  for (const field of STRING_FIELDS) {
    const value = absent() ? null : string();
    optional[field] = value;
    fields[field] = value === null ? null : text(value);
  }
  for (const field of ['arguments', 'output', 'side_effects', 'attributes']) {
    // As ingest stores it (canonical), as rows stored as jsonb before read (jsonb_out's form), or as any other writer might.
    const form = next();
    const stored = absent() ? null : form < 0.4 ? canonicalJson(generate(next, 0)) : form < 0.7 ? jsonbText(generate(next, 0), next) : looseText(generate(next, 0), next);
    optional[field] = stored === null ? null : JSON.parse(stored);
    fields[field] = stored === null ? null : json(stored);
  }
  const duration = absent() ? null : [0, -0, 0.1, 1e21, 1e-7, 5e-324, next() * 1e4][Math.floor(next() * 7)]!;
  optional.duration_ms = duration;
  fields.duration_ms = duration === null ? null : float8(duration);
  for (const field of ['input_tokens', 'output_tokens']) {
    const tokens = absent() ? null : Math.floor((next() - 0.1) * 2 ** 31);
    optional[field] = tokens;
    fields[field] = tokens === null ? null : int4(tokens);
  }
  const columns: ExecutionColumns = { id: string(), environment: next() < 0.5 ? 'staging' : 'production', timestamp: new Date(Math.floor((next() - 0.3) * 1e13)).toISOString(),
    is_error: next() < 0.5, rawSha256: Buffer.from(Array.from({ length: 32 }, () => Math.floor(next() * 256))), optional };
  Object.assign(fields, { seq: int8(seq), leaf_hash: Buffer.alloc(32, seq), chain_hash: Buffer.alloc(32, 255 - (seq % 256)), id: text(columns.id),
    environment: text(columns.environment), timestamp: timestamptz(columns.timestamp), is_error: bool(columns.is_error), raw_sha256: columns.rawSha256 });
  return { columns, fields };
}
