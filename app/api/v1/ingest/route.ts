import { handleIngest } from '@/lib/ingest';

// Token-authenticated (scope ingest:write), not session-authenticated: see lib/ingest/handleIngest.
export const POST = (request: Request) => handleIngest(request);
