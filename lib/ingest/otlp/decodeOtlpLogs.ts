import { OtlpDecodeError } from './errors';
import { protobufToOtlpJson } from './fromProtobuf';
import { mapLogRecord } from './mapLogRecord';
import { normaliseRequest, type OtlpResourceLogs } from './otlpJson';

export interface OtlpItem {
  /** A v1 execution record input object (flat snake_case fields, leftovers under `attributes`). */
  input: Record<string, unknown>;
  /**
   * The log record as received: UTF-8 JSON of a one-record ExportLogsServiceRequest in canonical OTLP/JSON
   * form (its resource, scope and the record itself). Identical for the JSON and the protobuf encoding of
   * the same record, and itself a valid OTLP/JSON body, so it can be replayed.
   */
  raw: Buffer;
}

export type OtlpEncoding = 'json' | 'protobuf';

function parseJsonBody(body: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new OtlpDecodeError('body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Turns an OTLP/HTTP logs request body into one v1 input per log record, in request order. */
export function decodeOtlpLogs(body: Uint8Array, encoding: OtlpEncoding): OtlpItem[] {
  const request = encoding === 'protobuf' ? protobufToOtlpJson(body) : parseJsonBody(body);
  const items: OtlpItem[] = [];
  for (const resourceLogs of normaliseRequest(request)) {
    const { resource, schemaUrl: resourceSchemaUrl } = resourceLogs;
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const { scope, schemaUrl: scopeSchemaUrl } = scopeLogs;
      for (const record of scopeLogs.logRecords ?? []) {
        const single: OtlpResourceLogs = {
          ...(resource && { resource }),
          scopeLogs: [{ ...(scope && { scope }), logRecords: [record], ...(scopeSchemaUrl && { schemaUrl: scopeSchemaUrl }) }],
          ...(resourceSchemaUrl && { schemaUrl: resourceSchemaUrl }),
        };
        items.push({
          input: mapLogRecord(record, { resource, resourceSchemaUrl, scope, scopeSchemaUrl }),
          raw: Buffer.from(JSON.stringify({ resourceLogs: [single] }), 'utf8'),
        });
      }
    }
  }
  return items;
}
