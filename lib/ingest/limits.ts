function fromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Request and line limits; each can be raised with the environment variable named beside it. */
export const INGEST_LIMITS = {
  /** Body as sent (compressed or not). */
  maxBodyBytes: fromEnv('WARDEN_INGEST_MAX_BODY_BYTES', 16 * 1024 * 1024),
  /** Body after gzip decompression; decompression stops as soon as it passes this. */
  maxDecodedBytes: fromEnv('WARDEN_INGEST_MAX_DECODED_BYTES', 64 * 1024 * 1024),
  maxLineBytes: fromEnv('WARDEN_INGEST_MAX_LINE_BYTES', 1024 * 1024),
  maxLines: fromEnv('WARDEN_INGEST_MAX_LINES', 20_000),
  maxDepth: 32,
};
