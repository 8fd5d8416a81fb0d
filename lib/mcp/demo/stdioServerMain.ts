// The demo MCP server on stdio, recorded. Started by connectStdio() or by hand:
//   WARDEN_URL=http://localhost:3000 WARDEN_TOKEN=wdn_staging_… node --import tsx lib/mcp/demo/stdioServerMain.ts
// Environment: MCP_ENV; WARDEN_URL + WARDEN_TOKEN (+ WARDEN_SPILL_PATH) for the HTTP sink; MCP_RECORD_FILE for
// the JSONL file sink; DEMO_USER (stdio has no auth, so the user is whoever started the server);
// DEMO_DRIFT_RUN_QUERY_AFTER; DEMO_LATENCY_SCALE (0 = answer at once); WARDEN_RELEASE_TOKEN (+ WARDEN_RELEASE_POLL_MS)
// to poll the live release from the registry and report it through the `current_release` tool.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { flushOnShutdown, httpSink, jsonlFileSink, recordMcpServer, type RecordSink } from '../index';
import { createDemoServer, realisticLatency } from './demoServer';
import { ReleasePoller } from './releasePoller';

const env = process.env;
const sinks: RecordSink[] = [];
if (env.WARDEN_URL && env.WARDEN_TOKEN) {
  // A short close: MCP clients give a stdio server about 2 s after closing stdin before they kill it; what is not
  // delivered by then waits in the spill file.
  sinks.push(httpSink({ url: env.WARDEN_URL, token: env.WARDEN_TOKEN, spillPath: env.WARDEN_SPILL_PATH, flushIntervalMs: 250, closeTimeoutMs: 1_500 }));
}
if (env.MCP_RECORD_FILE) sinks.push(jsonlFileSink({ path: env.MCP_RECORD_FILE }));
if (sinks.length === 0) process.stderr.write('demo server: no sink configured (WARDEN_URL + WARDEN_TOKEN, or MCP_RECORD_FILE); calls are not recorded\n');

// WARDEN_RELEASE_TOKEN (registry:read of MCP_ENV's environment): poll the live release and report it
// through the `current_release` tool, so a promotion or rollback in the console shows up here.
const release = env.WARDEN_URL && env.WARDEN_RELEASE_TOKEN
  ? new ReleasePoller({ url: env.WARDEN_URL, token: env.WARDEN_RELEASE_TOKEN, environment: env.MCP_ENV === 'production' ? 'production' : 'staging', intervalMs: Number(env.WARDEN_RELEASE_POLL_MS ?? 5000), onError: (error) => process.stderr.write(`demo server: ${error.message}\n`) }).start()
  : undefined;
const latencyScale = Number(env.DEMO_LATENCY_SCALE ?? 0);
const { server } = createDemoServer({
  release,
  driftRunQueryAfter: env.DEMO_DRIFT_RUN_QUERY_AFTER ? Number(env.DEMO_DRIFT_RUN_QUERY_AFTER) : undefined,
  latencyMs: latencyScale > 0 ? realisticLatency(latencyScale) : undefined,
});
const recorder = recordMcpServer(server, { sinks, defaultUserId: env.DEMO_USER });
flushOnShutdown(recorder);
// The first answer about the live release before the first call (a second at most), so it is not reported unknown.
if (release) await Promise.race([release.firstPoll, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
await server.connect(new StdioServerTransport());
// The client closing stdin is the end of the session: deliver what was recorded, then go.
process.stdin.on('end', () => void recorder.close().finally(() => process.exit(0)));
