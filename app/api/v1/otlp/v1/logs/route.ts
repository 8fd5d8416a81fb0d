import { handleOtlpLogs } from '@/lib/ingest';

// Token-authenticated (scope ingest:write): the OTLP/HTTP logs endpoint, /api/v1/otlp as base URL.
export const POST = (request: Request) => handleOtlpLogs(request);
