import { clientAddress } from '../auth/clientAddress';
import { pool } from '../db/pool';
import { authenticateToken } from '../tokens';
import type { TokenPrincipal } from '../tokens';
import { asBackPressure } from './databaseFaults';
import { noteIngestedRecords } from './ingestActivity';
import { IngestRequestError } from './errors';
import { readBody } from './readBody';
import { bodyFormat } from './splitBody';
import { batchInWorker } from './workers/batchWorkerPool';
import type { Environment } from '../environment';
import { appendBatch, type Batch, type BatchItem, type StoreResult } from './storeBatch';

const MAX_REPORTED_ERRORS = 100;

export function errorResponse(error: IngestRequestError): Response {
  const headers: Record<string, string> = error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
  if (error.status === 401 && error.reason) headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${error.reason}"`;
  return Response.json(error.reason ? { error: error.message, reason: error.reason } : { error: error.message }, { status: error.status, headers });
}

/** Token check shared by every token-authenticated ingest endpoint. */
export async function requireIngestToken(request: Request): Promise<TokenPrincipal> {
  const check = await authenticateToken(request.headers.get('authorization'), 'ingest:write', clientAddress(request.headers));
  if (!check.ok) throw new IngestRequestError(check.status, check.reason, check.retryAfterSeconds, check.code);
  return check.token;
}

const UNIQUE_VIOLATION = '23505';

/** Appends on its own connection: a request's lines are all stored (as executions or quarantined) or none is. */
export async function appendToLog(environment: Environment, tokenId: string | null, batch: Batch): Promise<StoreResult> {
  const lockTimeoutMs = Number(process.env.WARDEN_INGEST_LOCK_TIMEOUT_MS) || 10_000;
  for (let dedupeUnderLock = false; ; dedupeUnderLock = true) {
    const client = await pool().connect();
    let failed = false;
    try {
      return await appendBatch(client, environment, tokenId, batch, { lockTimeoutMs, dedupeUnderLock });
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => {});
      // Another request stored one of these keys between our lookup and our lock: redo it exactly.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && !dedupeUnderLock) continue;
      throw error;
    } finally {
      client.release(failed); // a connection that failed mid-transaction is not reused
    }
  }
}

export async function storeInOneTransaction(token: TokenPrincipal, batch: Batch): Promise<StoreResult> {
  const result = await appendToLog(token.environment, token.id, batch);
  noteIngestedRecords(result.accepted + result.quarantined);
  return result;
}

export function summary(items: BatchItem[], result: StoreResult) {
  const errors = items.flatMap((item) => (item.kind === 'quarantined' ? [{ line: item.line, reason: item.reason }] : []));
  return {
    accepted: result.accepted,
    duplicates: result.duplicates,
    quarantined: result.quarantined,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    first_seq: result.firstSeq,
    last_seq: result.lastSeq,
  };
}

/** Wraps an endpoint: request faults answer 4xx, database trouble 503 + Retry-After; nothing half-stored. */
export async function answerIngest(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IngestRequestError) return errorResponse(error);
    const backPressure = asBackPressure(error);
    if (backPressure) return errorResponse(backPressure);
    throw error;
  }
}

/** POST /api/v1/ingest: NDJSON / JSON lines, a JSON array or one object; gzip optional. */
export function handleIngest(request: Request): Promise<Response> {
  return answerIngest(async () => {
    const token = await requireIngestToken(request);
    const format = bodyFormat(request.headers.get('content-type'));
    const batch = await batchInWorker(await readBody(request), format, token.environment);
    const result = await storeInOneTransaction(token, batch);
    return Response.json(summary(batch.items, result));
  });
}
