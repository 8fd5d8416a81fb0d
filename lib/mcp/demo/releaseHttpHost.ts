import type { IncomingMessage } from 'node:http';
import { createRecorder, httpSink, type Recorder } from '../index';
import { hostMcpOverHttp, type McpHttpHost } from './httpHost';
import { createReleaseDemoServer } from './releaseVariants';

/**
 * The release demo server over Streamable HTTP, as a staging test harness: each connection is recorded
 * to Warden with the caller's own bearer token (a run's dry-run token), so a run's records are written
 * by that run's staging-only token; `x-warden-test-run` / `x-warden-release` become record attributes.
 */
export async function hostReleaseDemoServer(options: { toolVersions: Record<string, string>; wardenUrl: string; port?: number }): Promise<McpHttpHost> {
  const recorders: Recorder[] = [];
  const header = (request: IncomingMessage, name: string) => (typeof request.headers[name] === 'string' ? request.headers[name] as string : undefined);
  const host = await hostMcpOverHttp({
    port: options.port,
    authenticate: (token) => (token ? { token, clientId: 'warden-test-runner', scopes: [] } : undefined),
    createServer: () => createReleaseDemoServer(options.toolVersions).server,
    wrapTransport: (transport, request) => {
      const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')![1]!;
      const attributes: Record<string, string> = {};
      const runId = header(request, 'x-warden-test-run');
      const releaseId = header(request, 'x-warden-release');
      if (runId) attributes.test_run_id = runId;
      if (releaseId) attributes.release_id = releaseId;
      const recorder = createRecorder({ sinks: [httpSink({ url: options.wardenUrl, token, flushIntervalMs: 100 })], environment: 'staging', attributes });
      recorders.push(recorder);
      return recorder.wrap(transport);
    },
  });
  return {
    ...host,
    close: async () => {
      await host.close();
      await Promise.all(recorders.map((recorder) => recorder.close()));
    },
  };
}
