/**
 * Where recorded executions go. The recorder serialises each record once and hands every sink the
 * same JSON text, so a file sink and an HTTP sink deliver byte-identical lines (and Warden computes
 * the same `raw_sha256` whichever path a record took).
 */
export interface RecordSink {
  /** One record as JSON text, without a trailing newline. Called on the request path: must return at once and not throw. */
  write(line: string): void;
  /**
   * The same, as UTF-8 bytes (`bytes[start, end)`, no newline), for sinks that keep lines as bytes anyway: the
   * recorder's common path encodes a record straight to bytes and skips the line string. The bytes belong to
   * the caller and are reused after the call returns, so a sink copies what it keeps.
   */
  writeBytes?(bytes: Uint8Array, start: number, end: number): void;
  /** Resolves when everything written so far has been handed on (or kept safely for a later attempt). */
  flush(): Promise<void>;
  /** Flushes, then releases files, timers and sockets. */
  close(): Promise<void>;
}

export type ErrorReporter = (error: Error) => void;

const REPEAT_WINDOW_MS = 60_000;

/**
 * Writes problems to stderr (stdout belongs to the MCP protocol on stdio servers), at most once a
 * minute per distinct message, so a sink failing on every call cannot flood the server's log.
 */
export function stderrReporter(prefix = 'warden recorder'): ErrorReporter {
  const lastSeen = new Map<string, number>();
  return (error) => {
    const now = Date.now();
    const key = error.message.slice(0, 200);
    const previous = lastSeen.get(key);
    if (previous !== undefined && now - previous < REPEAT_WINDOW_MS) return;
    if (lastSeen.size > 1000) lastSeen.clear();
    lastSeen.set(key, now);
    process.stderr.write(`${prefix}: ${error.message}\n`);
  };
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** Keeps every line it is given: for tests, and for callers that forward records themselves. */
export function memorySink(): RecordSink & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    write: (line) => void lines.push(line),
    flush: async () => {},
    close: async () => {},
  };
}
