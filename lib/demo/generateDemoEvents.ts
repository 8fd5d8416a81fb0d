import { PROMPTS } from './catalogue';
import { Rng } from './random';
import { SCENARIOS, type Scenario } from './scenarios';
import {
  callTool, findServer, getPrompt, listTools, newSession, readResource,
  type DemoEvent, type Environment, type Session,
} from './session';

export type { DemoEvent } from './session';

export interface DemoOptions {
  count: number;
  environment: Environment;
  /** Same seed, options and `end` → the same events, ids included; re-sending them is deduplicated by the server. */
  seed?: number;
  end?: Date;
  spanHours?: number;
}

export const HOUR_MS = 3_600_000;
/** Share of events that belong to attack flows: enough to populate detections, rare enough to look like incidents. */
export const ATTACK_SHARE = 0.04;
export const NORMAL_THINK: [number, number] = [7_000, 120_000];

/**
 * Synthetic but plausible MCP traffic: sessions of one user and agent working on one team's repo,
 * tickets and channels, with a handful of attack sessions woven in (see scenarios.ts).
 */
export function generateDemoEvents(options: DemoOptions): DemoEvent[] {
  const { count, environment } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const spanHours = options.spanHours ?? 72;
  if (!(spanHours > 0)) throw new RangeError(`spanHours must be positive, got ${spanHours}`);
  const seed = options.seed ?? 1;
  // Mixing in the environment keeps staging and production from being relabelled copies of each other.
  const r = new Rng(seed ^ (environment === 'production' ? 0x5bd1e995 : 0));
  const hi = (options.end ?? new Date()).getTime();
  const bounds = { lo: Math.ceil(hi - spanHours * HOUR_MS), hi };
  const placed: { ms: number; event: DemoEvent }[] = [];

  const buildSession = (build: (s: Session) => DemoEvent[], think: [number, number], scenario?: string) => {
    const start = sampleBusyTime(r, bounds.lo, bounds.hi);
    const session = newSession(r, environment, start >= (bounds.lo + bounds.hi) / 2, scenario);
    const events = build(session);
    const times = layOut(r, events, start, think, bounds);
    return events.map((event, i) => ({ ms: times[i] ?? start, event }));
  };

  weaveAttacks(r, Math.round(count * ATTACK_SHARE), (scenario, budgetLeft) => {
    const session = buildSession((s) => scenario.build(r, s), scenario.thinkMs ?? NORMAL_THINK, scenario.name);
    if (session.length > budgetLeft) return 0;
    placed.push(...session);
    return session.length;
  });

  while (placed.length < count) {
    const length = Math.min(count - placed.length, 3 + Math.floor(r.float() ** 1.6 * 28));
    placed.push(...buildSession((s) => normalSession(r, s, length), NORMAL_THINK));
  }

  placed.sort((a, b) => a.ms - b.ms);
  return placed.map(({ ms, event }, i) => inRecordOrder({
    ...event,
    id: `demo-${seed}-${environment}-${String(i + 1).padStart(6, '0')}`,
    timestamp: new Date(ms).toISOString(),
  }));
}

/** The v1 record's documented field order, so raw JSON in the console and in exports reads top-down. */
const FIELD_ORDER = [
  'id', 'timestamp', 'environment', 'server_name', 'server_version', 'method', 'tool_name', 'tool_version', 'input_schema_hash',
  'prompt_name', 'prompt_version', 'prompt_checksum', 'prompt', 'model', 'model_config_version', 'user_id', 'session_id', 'agent_id',
  'request_id', 'trace_id', 'span_id', 'arguments', 'output', 'is_error', 'error', 'duration_ms', 'input_tokens', 'output_tokens',
  'side_effects', 'attributes',
];

function inRecordOrder(event: DemoEvent): DemoEvent {
  const ordered: DemoEvent = {};
  for (const key of FIELD_ORDER) if (key in event) ordered[key] = event[key];
  return Object.assign(ordered, event);
}

/**
 * Round-robin so every scenario shows up once before any repeats. Repeats stop at an equal share of the
 * budget per scenario, so one 25-call failure burst doesn't crowd out the quieter flows.
 */
function weaveAttacks(r: Rng, budget: number, tryAdd: (scenario: Scenario, budgetLeft: number) => number): void {
  const active = r.sample(SCENARIOS, SCENARIOS.length);
  const share = budget / SCENARIOS.length;
  const usedBy = new Map<Scenario, number>();
  let used = 0;
  while (active.length > 0) {
    for (const scenario of [...active]) {
      const mine = usedBy.get(scenario) ?? 0;
      const added = tryAdd(scenario, mine === 0 ? budget - used : Math.min(budget - used, share - mine));
      if (added === 0) active.splice(active.indexOf(scenario), 1);
      usedBy.set(scenario, mine + added);
      used += added;
    }
  }
}

function normalSession(r: Rng, s: Session, length: number): DemoEvent[] {
  const servers = s.agent.servers.map(findServer);
  const prompts = PROMPTS.filter((p) => s.agent.servers.includes(p.server));
  const events: DemoEvent[] = [];
  if (length > 3 && r.chance(0.15)) events.push(listTools(r, s, r.pick(servers)));
  if (prompts.length > 0 && r.chance(0.4)) events.push(getPrompt(r, s, r.pick(prompts)));
  while (events.length < length) {
    const server = r.skewed(servers, 1.3);
    if (server.resources && r.chance(0.08)) events.push(readResource(r, s, server));
    else events.push(callTool(r, s, server.name, r.skewed(server.tools, 1.4).name));
  }
  return events.slice(0, length);
}

/** Hour-of-day and weekday weights (UTC): most agent traffic follows the people who start it. */
function busyness(ms: number): number {
  const date = new Date(ms);
  const hour = date.getUTCHours();
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  const byHour = hour >= 8 && hour < 18 ? 1 : hour === 7 || (hour >= 18 && hour < 21) ? 0.45 : 0.08;
  return byHour * (weekend ? 0.3 : 1);
}

/** A moment in [lo, hi), weighted by the hour-of-day rhythm of human-started agent work. Also used by lib/mcp/demo. */
export function sampleBusyTime(r: Rng, lo: number, hi: number): number {
  let candidate = lo;
  for (let attempt = 0; attempt < 200; attempt++) {
    candidate = lo + r.float() * (hi - lo);
    if (r.float() < busyness(candidate)) break;
  }
  return candidate;
}

/** Each call starts after the previous one finished plus some think time; the session is kept inside the bounds. */
function layOut(r: Rng, events: DemoEvent[], start: number, [median, max]: [number, number], bounds: { lo: number; hi: number }): number[] {
  const offsets: number[] = [];
  let t = 0;
  for (const event of events) {
    offsets.push(t);
    t += Number(event.duration_ms ?? 0) + Math.min(max, r.logNormal(median, 0.8));
  }
  const total = offsets[offsets.length - 1] ?? 0;
  const room = bounds.hi - bounds.lo;
  const scale = total > room ? room / total : 1;
  const first = Math.max(bounds.lo, Math.min(start, bounds.hi - total * scale));
  return offsets.map((offset) => Math.min(bounds.hi, Math.round(first + offset * scale)));
}
