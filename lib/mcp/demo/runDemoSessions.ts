import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createRecorder, type RecorderStats } from '../recorder';
import type { ConnectionOptions } from '../recorderContext';
import type { ErrorReporter, RecordSink } from '../sinks/recordSink';
import { runPlannedSession, type VirtualClock } from './agentSimulator';
import { connectHttp, connectInMemory, type DemoClient } from './connections';
import { createDemoServer, realisticLatency } from './demoServer';
import { hostMcpOverHttp, type McpHttpHost } from './httpHost';
import { planDemoSessions, type PlanOptions, type SessionPlan } from './sessionPlans';

export interface DemoSessionsOptions extends PlanOptions {
  sinks: RecordSink[];
  /**
   * Share of sessions over Streamable HTTP (real sockets, bearer auth); the rest use in-process pairs.
   * Default 0.01: an HTTP session costs about ten times the CPU of an in-process one.
   */
  httpShare?: number;
  /** Sessions in flight at once (default 32: enough to overlap the simulated latencies; more only costs GC time). */
  concurrency?: number;
  /**
   * Multiplies the simulated tool latencies (read_file 3 ms … fetch_url 60 ms medians), which are slept for
   * real so recorded durations look like real ones. Default 0.25; 0 answers at once.
   */
  latencyScale?: number;
  onSessionDone?: (sessionsDone: number) => void;
  onError?: ErrorReporter;
}

export interface DemoSessionsReport {
  sessions: number;
  calls: number;
  errors: number;
  recorder: RecorderStats;
}

const SESSION_HEADER = 'x-demo-session';
const demoToken = (user: string) => `demo-token:${user}`;

/**
 * The demo traffic generator: plans sessions (benign and attack), starts a recorded demo server per
 * session, and drives each through the SDK Client. Records go to `sinks` with ids derived from the
 * plan, so the same seed gives the same ids and a rerun only produces duplicates at Warden.
 */
export async function runDemoSessions(options: DemoSessionsOptions): Promise<DemoSessionsReport> {
  const plans = planDemoSessions(options);
  const seed = options.seed ?? 1;
  const recorder = createRecorder({ sinks: options.sinks, environment: options.environment, callTimeoutMs: 120_000, onError: options.onError });
  const scale = options.latencyScale ?? 0.25;
  const latencyMs = scale > 0 ? realisticLatency(scale) : undefined;
  const clocks = new Map<number, VirtualClock>(plans.map((plan) => [plan.index, { now: plan.startMs }]));
  const users = new Map(plans.map((plan) => [demoToken(plan.user), plan.user]));

  const connectionOptions = (plan: SessionPlan): ConnectionOptions => {
    let calls = 0;
    const clock = clocks.get(plan.index)!;
    return {
      clock: () => clock.now,
      // The run's size is part of the id: the same seed plans other sessions for another count, and one id must be one call.
      newId: () => `demo-${seed}-${options.count}-${options.environment}-${String(plan.index).padStart(5, '0')}-${String(++calls).padStart(3, '0')}`,
      attributes: { team: plan.team.name, ...(plan.scenario ? { demo_scenario: plan.scenario } : {}) },
    };
  };
  const authInfo = (user: string): AuthInfo => ({ token: demoToken(user), clientId: 'acme-agent-gateway', scopes: ['mcp:call'], extra: { user_id: user } });
  const planOf = (request: IncomingMessage) => plans[Number(request.headers[SESSION_HEADER])]!;

  const httpShare = options.httpShare ?? 0.01;
  const httpEvery = httpShare > 0 ? Math.max(1, Math.round(1 / httpShare)) : 0;
  let host: McpHttpHost | undefined;
  if (httpEvery > 0) {
    host = await hostMcpOverHttp({
      createServer: (request) => createDemoServer({ latencyMs, driftRunQueryAfter: planOf(request).driftRunQueryAfter }).server,
      wrapTransport: (transport, request) => recorder.wrap(transport, connectionOptions(planOf(request))),
      authenticate: (token) => (token && users.has(token) ? authInfo(users.get(token)!) : undefined),
    });
  }

  const idle: McpServer[] = [];
  const connect = async (plan: SessionPlan): Promise<DemoClient> => {
    const identity = { name: plan.agent };
    if (host && plan.index % httpEvery === 0) {
      return connectHttp(host.url, identity, { token: demoToken(plan.user), headers: { [SESSION_HEADER]: String(plan.index) } });
    }
    // A server serves one connection at a time but many in turn: idle ones are reused, except the ones
    // whose tools were hot-patched by a drift scenario.
    const pooled = plan.driftRunQueryAfter === undefined ? idle.pop() : undefined;
    const server = pooled ?? createDemoServer({ latencyMs, driftRunQueryAfter: plan.driftRunQueryAfter }).server;
    const session = await connectInMemory(server, identity, { authInfo: authInfo(plan.user), sessionId: plan.sessionId, wrap: (t) => recorder.wrap(t, connectionOptions(plan)) });
    return {
      client: session.client,
      close: async () => {
        await session.close();
        if (plan.driftRunQueryAfter === undefined) idle.push(server);
      },
    };
  };

  let next = 0;
  let done = 0;
  const totals = { calls: 0, errors: 0 };
  const worker = async () => {
    for (let plan = plans[next++]; plan; plan = plans[next++]) {
      const session = await connect(plan);
      try {
        const outcome = await runPlannedSession(session.client, plan, clocks.get(plan.index));
        totals.calls += outcome.calls;
        totals.errors += outcome.errors;
      } finally {
        await session.close();
      }
      options.onSessionDone?.(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, plans.length) }, worker));
  } finally {
    await host?.close();
    await recorder.close();
  }
  return { sessions: plans.length, ...totals, recorder: recorder.stats() };
}
