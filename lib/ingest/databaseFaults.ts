import { IngestRequestError } from './errors';

// SQLSTATEs that mean "busy or briefly unavailable": the sender should retry the same batch.
const TRANSIENT_SQLSTATES = new Set([
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '57014', // query_canceled (statement_timeout)
  '55P03', // lock_not_available (lock_timeout)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', '57P02', '57P03', // admin/crash shutdown, cannot connect now
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Database trouble becomes 503 + Retry-After (back-pressure: the sender keeps the batch and retries). */
export function asBackPressure(error: unknown): IngestRequestError | null {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? '';
  const transient = (code && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)))
    || /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|Can't reach database|DatabaseNotReachable/i.test(message)
    || (typeof code === 'string' && ['P1001', 'P1002', 'P1017', 'P2024'].includes(code));
  return transient ? new IngestRequestError(503, 'the database is unavailable or busy; nothing was stored, retry later', 2) : null;
}
