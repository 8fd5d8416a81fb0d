import { OtlpDecodeError } from './errors';
import { isPlainObject } from './otlpJson';
import { exportLogsServiceRequestType } from './proto';

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function base64ToHex(value: unknown): unknown {
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('hex') : value;
}

/**
 * Decodes a protobuf ExportLogsServiceRequest into OTLP/JSON form, so that one code path (normaliseRequest)
 * validates and maps both encodings.
 */
export function protobufToOtlpJson(body: Uint8Array): unknown {
  const type = exportLogsServiceRequestType();
  let message: ReturnType<typeof type.decode>;
  try {
    message = type.decode(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`body is not a protobuf ExportLogsServiceRequest: ${reason}`);
  }
  // OTLP/JSON conventions: 64-bit integers as decimal strings, enums as numbers, NaN/Infinity as strings.
  // bytes come out as base64, which is right for bytesValue; trace and span ids are hex in OTLP/JSON.
  const request = type.toObject(message, { longs: String, enums: Number, bytes: String, json: true, arrays: true });
  for (const resourceLogs of list(request.resourceLogs)) {
    if (!isPlainObject(resourceLogs)) continue;
    for (const scopeLogs of list(resourceLogs.scopeLogs)) {
      if (!isPlainObject(scopeLogs)) continue;
      for (const record of list(scopeLogs.logRecords)) {
        if (!isPlainObject(record)) continue;
        record.traceId = base64ToHex(record.traceId);
        record.spanId = base64ToHex(record.spanId);
      }
    }
  }
  return request;
}
