import type { Environment } from '../environment';
import { createToken } from '../tokens';
import { generateDemoEvents } from './generateDemoEvents';
import { sendEvents, type SendReport } from './sendEvents';

export interface DemoRun {
  url: string;
  events: number;
  environment: Environment;
  /** An ingest token; when absent a short-lived one is created in the database. */
  token?: string;
  seed?: number;
  onProgress?: (sent: number) => void;
}

/** Generates demo sessions and sends them through the real ingest API at `url`. */
export async function runDemo(run: DemoRun): Promise<SendReport> {
  const token = run.token ?? (await createToken({
    name: `demo traffic (${run.environment})`, environment: run.environment, scopes: ['ingest:write'], expiresInDays: 1, createdBy: 'warden demo',
  })).token;
  const events = generateDemoEvents({ count: run.events, environment: run.environment, seed: run.seed });
  return sendEvents(events, { url: run.url, token, onProgress: run.onProgress });
}
