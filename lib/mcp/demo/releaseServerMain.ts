// The demo MCP server as a release ships it, on stdio, recorded — what `warden test run` starts when no
// staging MCP server is configured. Environment: DEMO_TOOL_VERSIONS ({"tool": "version"} JSON);
// WARDEN_URL + WARDEN_TOKEN for the recorder's HTTP sink (the run's dry-run token); MCP_ENV;
// WARDEN_TEST_RUN_ID and WARDEN_RELEASE_ID, added to every record's attributes.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { flushOnShutdown, httpSink, recordMcpServer, type RecordSink } from '../index';
import { createReleaseDemoServer } from './releaseVariants';

const env = process.env;
const sinks: RecordSink[] = env.WARDEN_URL && env.WARDEN_TOKEN ? [httpSink({ url: env.WARDEN_URL, token: env.WARDEN_TOKEN, flushIntervalMs: 100 })] : [];
if (sinks.length === 0) process.stderr.write('release demo server: WARDEN_URL and WARDEN_TOKEN unset; calls are not recorded\n');
const attributes: Record<string, string> = {};
if (env.WARDEN_TEST_RUN_ID) attributes.test_run_id = env.WARDEN_TEST_RUN_ID;
if (env.WARDEN_RELEASE_ID) attributes.release_id = env.WARDEN_RELEASE_ID;

const { server } = createReleaseDemoServer(JSON.parse(env.DEMO_TOOL_VERSIONS ?? '{}') as Record<string, string>);
const recorder = recordMcpServer(server, { sinks, attributes, defaultUserId: 'warden-test-runner' });
flushOnShutdown(recorder);
await server.connect(new StdioServerTransport());
process.stdin.on('end', () => void recorder.close().finally(() => process.exit(0)));
