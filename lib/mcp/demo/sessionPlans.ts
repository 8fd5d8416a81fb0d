import { AGENTS, TEAMS, USERS, type Team } from '../../demo/catalogue';
// The same traffic shape as the synthetic generator: span, attack share and think times.
import { ATTACK_SHARE, HOUR_MS, NORMAL_THINK, sampleBusyTime } from '../../demo/generateDemoEvents';
import { Rng } from '../../demo/random';
import type { RecordEnvironment } from '../executionRecord';
import { ATTACK_SCENARIOS, type AttackScenario } from './attackSteps';
import { benignSteps, type Step } from './benignSteps';

/** One simulated agent session: who, on whose behalf, when, and the calls it will make. */
export interface SessionPlan {
  index: number;
  user: string;
  agent: string;
  team: Team;
  sessionId: string;
  traceId: string;
  scenario?: string;
  /** Virtual epoch ms of the first call; later calls follow after think time. */
  startMs: number;
  thinkMs: [number, number];
  driftRunQueryAfter?: number;
  steps: Step[];
  /** Seed for this session's own randomness (span ids, think times), independent of run order. */
  seed: number;
}

export interface PlanOptions {
  /** Exactly this many calls (= records) across all sessions. */
  count: number;
  environment: RecordEnvironment;
  seed?: number;
  end?: Date;
  spanHours?: number;
}


/**
 * Deterministic for a seed, environment and `end`: the same plans, so the same record ids, and a
 * rerun of the demo is recognised by Warden as duplicates. Attack sessions are woven round-robin
 * so each scenario appears before any repeats, each capped at an equal share of the attack budget.
 */
export function planDemoSessions(options: PlanOptions): SessionPlan[] {
  const { count, environment } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const seed = options.seed ?? 1;
  const r = new Rng(seed ^ (environment === 'production' ? 0x5bd1e995 : 0));
  // Start times come from their own generator: how many draws busy-hour sampling takes depends on the
  // clock, and must not shift the sessions' content (and so their record ids) between two runs.
  const times = new Rng(seed ^ 0x2545f491);
  const hi = (options.end ?? new Date()).getTime();
  const lo = Math.ceil(hi - (options.spanHours ?? 72) * HOUR_MS);
  const plans: SessionPlan[] = [];
  let planned = 0;

  const newPlan = (steps: (team: Team, user: string, agent: string) => Step[], scenario?: AttackScenario): SessionPlan => {
    const agent = r.skewed(AGENTS, 1.4).id;
    const user = r.skewed(USERS);
    const team = r.pick(TEAMS);
    return {
      index: plans.length, user, agent, team, scenario: scenario?.name,
      sessionId: `sess_${r.hex(20)}`, traceId: r.hex(32), startMs: sampleBusyTime(times, lo, hi),
      thinkMs: scenario?.thinkMs ?? NORMAL_THINK, driftRunQueryAfter: scenario?.driftRunQueryAfter,
      steps: steps(team, user, agent), seed: r.int(1, 2 ** 31 - 1),
    };
  };

  const budget = Math.round(count * ATTACK_SHARE);
  const share = budget / ATTACK_SCENARIOS.length;
  const used = new Map<string, number>();
  for (let active = r.sample(ATTACK_SCENARIOS, ATTACK_SCENARIOS.length); active.length > 0;) {
    for (const scenario of [...active]) {
      const plan = newPlan((team) => scenario.steps(r, team), scenario);
      const mine = used.get(scenario.name) ?? 0;
      const room = mine === 0 ? budget - planned : Math.min(budget - planned, share - mine);
      if (plan.steps.length > room) {
        active.splice(active.indexOf(scenario), 1);
        continue;
      }
      plans.push(plan);
      used.set(scenario.name, mine + plan.steps.length);
      planned += plan.steps.length;
    }
  }
  while (planned < count) {
    const length = Math.min(count - planned, 3 + Math.floor(r.float() ** 1.6 * 28));
    plans.push(newPlan((team, user, agent) => benignSteps(r, agent, team, user, length)));
    planned += length;
  }
  return plans;
}
