import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Rng } from '../../demo/random';
import type { Step } from './benignSteps';
import type { SessionPlan } from './sessionPlans';

/** The time a session's records carry: the simulator moves it along as the session "thinks". */
export interface VirtualClock {
  now: number;
}

export interface SessionOutcome {
  calls: number;
  /** Calls that ended in an error result or a JSON-RPC error (still recorded, and expected in the story). */
  errors: number;
}

/** W3C trace context: the agent's trace and a new span per call, as tracing-aware MCP clients send in `_meta`. */
const traceparent = (traceId: string, r: Rng) => `00-${traceId}-${r.hex(16)}-01`;

async function perform(client: Client, step: Step, meta: Record<string, unknown>, timeoutMs: number): Promise<boolean> {
  const options = { timeout: timeoutMs };
  if (step.kind === 'tool') {
    const result = await client.callTool({ name: step.name, arguments: step.args, _meta: meta }, undefined, options);
    return result.isError === true;
  }
  if (step.kind === 'prompt') await client.getPrompt({ name: step.name, arguments: step.args, _meta: meta }, options);
  else await client.readResource({ uri: step.uri, _meta: meta }, options);
  return false;
}

/**
 * Drives one planned session through a real SDK Client, call after call like an agent does: it
 * looks at the tool list now and then, sends trace context, and carries on after errors. With a
 * clock, record timestamps follow the plan's virtual timeline (durations stay real).
 */
export async function runPlannedSession(client: Client, plan: SessionPlan, clock?: VirtualClock, timeoutMs = 60_000): Promise<SessionOutcome> {
  const r = new Rng(plan.seed);
  const [median, ceiling] = plan.thinkMs;
  if (clock) clock.now = plan.startMs;
  if (r.chance(0.25)) await client.listTools();
  let errors = 0;
  for (const step of plan.steps) {
    const started = performance.now();
    try {
      if (await perform(client, step, { traceparent: traceparent(plan.traceId, r) }, timeoutMs)) errors++;
    } catch {
      errors++;
    }
    if (clock) clock.now += Math.round(performance.now() - started + Math.min(ceiling, r.logNormal(median, 0.8)));
  }
  return { calls: plan.steps.length, errors };
}
