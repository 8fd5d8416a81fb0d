import { runDemo } from '../../lib/demo';
import { isEnvironment } from '../../lib/environment';
import { parseOptions, UsageError } from './args';
import { withDatabase } from './withDatabase';

/**
 * `warden demo`: SDK clients run benign and attack sessions against the recorded demo MCP server (in
 * process and over Streamable HTTP); the recorder's records go through the real ingest API.
 */
export async function demoCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, { events: { type: 'string' }, env: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, seed: { type: 'string' } });
  const events = Number(values.events ?? 1000);
  if (!Number.isInteger(events) || events < 1 || events > 10_000_000) throw new UsageError('--events must be a whole number from 1 to 10,000,000');
  const environment = values.env ?? 'staging';
  if (!isEnvironment(environment)) throw new UsageError(`--env must be staging or production (got "${environment}")`);
  const url = String(values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  const run = { url, events, environment, seed: values.seed === undefined ? undefined : Number(values.seed) };
  const started = performance.now();
  const report = typeof values.token === 'string'
    ? await runDemo({ ...run, token: values.token })
    : await withDatabase(() => runDemo(run));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Recorded ${events} ${environment} MCP calls from demo sessions and sent them to ${url} in ${seconds} s: ${report.accepted} accepted, ${report.duplicates} duplicates, ${report.quarantined} quarantined (${report.requests} requests, ${report.retries} retries).`);
  return 0;
}
