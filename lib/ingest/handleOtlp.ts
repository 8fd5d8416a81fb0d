import { batchFromDecodedItems } from './buildBatch';
import { IngestRequestError } from './errors';
import { answerIngest, requireIngestToken, storeInOneTransaction, summary } from './handleIngest';
import { decodeOtlpLogs, OtlpDecodeError, type OtlpEncoding } from './otlp';
import { otlpLogsRoot } from './otlp/proto';
import { readBody } from './readBody';

function otlpEncoding(contentType: string | null): OtlpEncoding {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') return 'json';
  if (mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf') return 'protobuf';
  throw new IngestRequestError(415, `unsupported Content-Type "${mediaType || '(none)'}": OTLP/HTTP sends application/json or application/x-protobuf`);
}

/** ExportLogsServiceResponse in the request's encoding; partialSuccess only when records were quarantined. */
function otlpResponse(encoding: OtlpEncoding, rejected: number, message: string, details: object): Response {
  const partialSuccess = rejected > 0 ? { rejectedLogRecords: rejected, errorMessage: message } : undefined;
  if (encoding === 'json') return Response.json({ ...(partialSuccess ? { partialSuccess } : {}), warden: details });
  const type = otlpLogsRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');
  const bytes = type.encode(type.fromObject(partialSuccess ? { partialSuccess } : {})).finish();
  return new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'application/x-protobuf' } });
}

/** POST /api/v1/otlp/v1/logs: OTLP/HTTP logs (JSON or protobuf, gzip optional) into the same log. */
export function handleOtlpLogs(request: Request): Promise<Response> {
  return answerIngest(async () => {
    const token = await requireIngestToken(request);
    const encoding = otlpEncoding(request.headers.get('content-type'));
    const body = await readBody(request);
    let decoded;
    try {
      decoded = decodeOtlpLogs(body, encoding);
    } catch (error) {
      if (error instanceof OtlpDecodeError) throw new IngestRequestError(400, `undecodable OTLP body: ${error.message}`);
      throw error;
    }
    const batch = await batchFromDecodedItems(decoded.map((item, index) => ({ line: index + 1, raw: item.raw, value: item.input })), token.environment);
    const result = await storeInOneTransaction(token, batch);
    const details = summary(batch.items, result);
    const message = details.errors.map((error) => `record ${error.line}: ${error.reason}`).join('; ');
    return otlpResponse(encoding, result.quarantined, message, details);
  });
}
