import type { ErrorReporter } from './recordSink';

/** What an HTTP sink is told, and what it counts (see HttpSink). */
export interface HttpSinkOptions {
  /** Warden's base URL (`http://warden:3000`) or the full ingest URL. */
  url: string;
  /** An ingest token (`wdn_<env>_…`, scope ingest:write) of the records' environment. */
  token: string;
  batchSize?: number;
  /** Upper bound of one request body before compression (Warden refuses bodies over 16 MiB by default). */
  maxBatchBytes?: number;
  /** Longest a record waits before a partial batch is sent. */
  flushIntervalMs?: number;
  /** Records held in memory; beyond this they go to the spill file, or without one the oldest are dropped. */
  maxQueue?: number;
  /** Records wait here while Warden is unreachable, and survive a restart. Strongly recommended. */
  spillPath?: string;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  /** How long `close()` keeps trying before it leaves the rest in the spill file. */
  closeTimeoutMs?: number;
  gzip?: boolean;
  fetch?: typeof fetch;
  onError?: ErrorReporter;
}

export interface HttpSinkStats {
  accepted: number;
  duplicates: number;
  quarantined: number;
  requests: number;
  retries: number;
  /** Records that went through the spill file. */
  spilled: number;
  /** Records Warden refused for good (4xx other than 408/429), kept in `<spillPath>.rejected` when there is one. */
  rejected: number;
  /** Records lost because the queue was full and there was no spill file. */
  dropped: number;
  /** Records waiting in memory. */
  queued: number;
  /** Bytes waiting in the spill file. */
  spillBytes: number;
}
