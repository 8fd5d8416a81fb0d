import { randomInt } from 'node:crypto';
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
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`--url must be Warden's http(s) URL (got "${url}")`);
  // Without --seed every run is new traffic; the seed is printed so a run can be repeated (its records then duplicates).
  const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number from 0 (got "${values.seed}")`);
  const run = { url, events, environment, seed };
  const started = performance.now();
  const report = typeof values.token === 'string'
    ? await runDemo({ ...run, token: values.token })
    : await withDatabase(() => runDemo(run));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Recorded ${events} ${environment} MCP calls from demo sessions (seed ${seed}) and sent them to ${url} in ${seconds} s: ${report.accepted} accepted, ${report.duplicates} duplicates, ${report.quarantined} quarantined (${report.requests} requests, ${report.retries} retries).`);
  return 0;
}
