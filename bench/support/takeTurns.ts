import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Contender } from './recorderSetups';

export interface Totals {
  wall: number;
  cpu: number;
  calls: number;
}

/**
 * The in-memory transport runs on microtasks alone, so a tight loop of calls never lets the event loop turn and
 * file writes never complete. Real transports deliver requests from I/O callbacks; yielding every 100 calls (in
 * every setup alike) restores that.
 */
export async function callEcho(client: Client, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await client.callTool({ name: 'echo', arguments: { text: 'hello', n: i } });
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Every turn ends with this long a pause, for every setup alike (see takeTurns). */
const PAUSE_MS = 2;

/**
 * One round: every setup warms up, then they take turns chunk by chunk, the order rotating (ABC BCA CAB …), so
 * load from other work on the machine falls on all of them alike. In process, after each turn the setup's records
 * are written out before its CPU time is read, so every write's cost lands on the setup that made it; but not in its
 * wall time: a server never waits for its log writes, the disk works while it goes on serving calls. (A server in a
 * child process writes on its own schedule: full chunks during the turn, the last partial one within 200 ms, which
 * may fall outside the turn's CPU reading.) Every turn, written out
 * or not, ends with the same short pause: CPU time counts all of a process's threads, and the garbage collector's
 * background threads work whenever the main one idles, so a turn that alone waited for its writes collected that
 * work for everyone (16 processes each way: the file sink's CPU figure in process went from 20.0% to 17.6%).
 */
export async function takeTurns(contenders: Contender[], callsPerSetup: number, chunk: number, warmup: number): Promise<Totals[]> {
  for (const contender of contenders) {
    await callEcho(contender.client, warmup);
    await contender.flush();
  }
  const totals = contenders.map(() => ({ wall: 0, cpu: 0, calls: 0 }));
  const turns = Math.max(1, Math.round(callsPerSetup / chunk));
  for (let turn = 0; turn < turns; turn++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (turn + k) % contenders.length;
      const contender = contenders[index]!;
      const started = performance.now();
      const cpuBefore = contender.cpuMs();
      await callEcho(contender.client, chunk);
      const wall = performance.now() - started;
      await Promise.all([contender.flush(), new Promise((resolve) => setTimeout(resolve, PAUSE_MS))]);
      totals[index]!.wall += wall;
      totals[index]!.cpu += contender.cpuMs() - cpuBefore;
      totals[index]!.calls += chunk;
    }
  }
  return totals;
}

/** Two-sided 95% Student t quantiles by degrees of freedom (1–10); 2.0 beyond. */
const T95 = [Number.NaN, 12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23];

export interface Spread {
  median: number;
  min: number;
  max: number;
  mean: number;
  /** Half-width of the mean's 95% confidence interval (NaN for a single round). */
  ci95: number;
}

export function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(sorted.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  const middle = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median: middle, min: sorted[0]!, max: sorted[n - 1]!, mean, ci95: (T95[n - 1] ?? 2.0) * sd / Math.sqrt(n) };
}

/** Slowdown in %, from the ratio of a setup's time to the baseline's for the same number of calls. */
export const slowdown = (ratio: number): number => (1 - 1 / ratio) * 100;
