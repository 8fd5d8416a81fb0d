import type { Environment } from '../environment';
import { httpSink } from '../mcp';
import { runDemoSessions } from '../mcp/demo/runDemoSessions';
import { createToken } from '../tokens';
import type { SendReport } from './sendEvents';

export interface DemoRun {
  url: string;
  events: number;
  environment: Environment;
  /** An ingest token; when absent a short-lived one is created in the database. */
  token?: string;
  seed?: number;
  /** Called as sessions finish with the running total of records Warden has answered for. */
  onProgress?: (delivered: number) => void;
  /** Multiplies the demo tools' simulated latencies (slept for real); 0 answers at once. Default 0.25. */
  latencyScale?: number;
}

/**
 * Real MCP sessions — SDK clients driving the recorded demo server, in process and over Streamable
 * HTTP — whose records go through the ingest API at `url`. Same seed, same record ids: a rerun is
 * stored as duplicates only.
 */
/** A demo run that cannot go on or did not deliver: the message says why, for people (no stack trace). */
export class DemoError extends Error {}

/** Whether anything answers at `url`, before any session runs: a wrong URL or a stopped Warden fails at once. */
async function checkReachable(url: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message;
    throw new DemoError(`cannot reach Warden at ${url}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  // Anything else answering is left to ingest to judge (a proxy may not route /api/health).
  if (response.status === 503) throw new DemoError(`Warden at ${url} answers, but its database is unreachable`);
}

export async function runDemo(run: DemoRun): Promise<SendReport> {
  const tokenEnvironment = /^wdn_(staging|production)_/.exec(run.token ?? '')?.[1];
  if (tokenEnvironment && tokenEnvironment !== run.environment) {
    throw new DemoError(`the token is a ${tokenEnvironment} token, but the records are ${run.environment}'s: Warden would quarantine every one (use --env ${tokenEnvironment}, or a ${run.environment} token)`);
  }
  await checkReachable(run.url);
  const token = run.token ?? (await createToken({
    name: `demo traffic (${run.environment})`, environment: run.environment, scopes: ['ingest:write'], expiresInDays: 1, createdBy: 'warden demo',
  })).token;
  const problems: string[] = [];
  // No spill file: the whole run is held in memory (a few hundred bytes a record) until Warden has it.
  const sink = httpSink({
    url: run.url, token, batchSize: 1000, maxQueue: run.events + 1, flushIntervalMs: 100, maxBackoffMs: 5000, closeTimeoutMs: 120_000,
    onError: (error) => void problems.push(error.message),
  });
  const delivered = () => {
    const stats = sink.stats();
    return stats.accepted + stats.duplicates + stats.quarantined;
  };
  await runDemoSessions({
    count: run.events, environment: run.environment, seed: run.seed, sinks: [sink], latencyScale: run.latencyScale,
    onSessionDone: () => run.onProgress?.(delivered()), onError: (error) => void problems.push(error.message),
  });
  const stats = sink.stats();
  // The first problem is the cause (a refused token, a refused connection); the last is how it ended.
  const said = problems.length === 0 ? '' : `: ${problems[0]}${problems.length > 1 ? ` … ${problems.at(-1)}` : ''}`;
  if (delivered() !== run.events) throw new DemoError(`Warden answered for ${delivered()} of ${run.events} records${said}`);
  if (stats.quarantined > 0) throw new DemoError(`Warden quarantined ${stats.quarantined} of ${run.events} records${said}`);
  return { accepted: stats.accepted, duplicates: stats.duplicates, quarantined: stats.quarantined, errors: stats.rejected, requests: stats.requests, retries: stats.retries };
}
