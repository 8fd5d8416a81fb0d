/** A fault of the whole request: answered with `status`, nothing stored. */
export class IngestRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 413 | 415 | 429 | 503,
    message: string,
    readonly retryAfterSeconds?: number,
    /** For token refusals: the machine-readable reason (`revoked`, `expired`, …), answered as `reason`. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
