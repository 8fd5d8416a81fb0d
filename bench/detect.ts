// npm run bench:detect [-- --events 20000 --days 6 --chart-events 10000000 --runs 20 --skip-charts]
// Detection quality: demo traffic (lib/demo, attack flows woven into benign sessions, fixed seeds) is
// loaded into fresh databases, the real detection runner examines it, and every alert is scored
// against the generator's labels: precision and recall per detector and overall, and the share of
// benign sessions flagged. Seeds 1–3 are the set the thresholds were tuned on; 101–103 are held out.
// Then chart timing: 30 days of rollups for --chart-events events, getAnomalyCharts timed per range.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { disconnectDb } from '../lib/db';
import { startEmbeddedPostgres } from '../lib/db/embeddedPostgres';
import { closePool } from '../lib/db/pool';
import { runPendingDetections } from '../lib/detect';
import { generateDemoEvents } from '../lib/demo';
import { loadEvents } from './detect/loadEvents';
import { score, type AlertRow, type Labelled, type Score } from './detect/score';
import { timeCharts } from './detect/chartTiming';
import { freshDatabase } from './detect/database';

const { values } = parseArgs({ options: {
  events: { type: 'string' }, days: { type: 'string' }, 'chart-events': { type: 'string' }, runs: { type: 'string' }, 'skip-charts': { type: 'boolean' }, seeds: { type: 'string' }, 'charts-only': { type: 'boolean' },
} });
const EVENTS = Number(values.events ?? 20_000);
const DAYS = Number(values.days ?? 6);
// --seeds 1 profiles one seed only (no held-out set).
const TUNING_SEEDS = values.seeds ? values.seeds.split(',').map(Number) : [1, 2, 3];
const HELD_OUT_SEEDS = values.seeds ? [] : [101, 102, 103];
// A fixed end (a Friday evening, UTC) so runs are comparable: same events, same weekdays.
const END = new Date('2026-11-20T18:00:00Z');

async function databaseServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = process.env.BENCH_DATABASE_SERVER_URL;
  if (server) return { url: server, stop: async () => {} };
  const embedded = await startEmbeddedPostgres(path.join(mkdtempSync(path.join(tmpdir(), 'warden-bench-detect-')), 'pg'), randomBytes(12).toString('hex'));
  return { url: embedded.url, stop: embedded.stop };
}

/** Detectors plugged in by other modules (C1 list): scored and printed, and left out of the "#7 detectors" line. */
const OTHER_MODULES = ['prompt_drift'];

async function runSeed(serverUrl: string, seed: number): Promise<{ score: Score; own: Score; alerts: AlertRow[]; labels: Labelled; seconds: number }> {
  const db = await freshDatabase(serverUrl);
  try {
    const events = generateDemoEvents({ count: EVENTS, environment: 'staging', seed, end: END, spanHours: DAYS * 24 });
    const labels: Labelled = { seqToSession: new Map(), sessionScenario: new Map() };
    events.forEach((event, seq) => {
      const session = String(event.session_id);
      labels.seqToSession.set(seq, session);
      const scenario = (event.attributes as { demo_scenario?: string } | undefined)?.demo_scenario ?? null;
      if (!labels.sessionScenario.has(session) || scenario) labels.sessionScenario.set(session, scenario);
    });
    await loadEvents(db.url, events);
    const started = performance.now();
    const report = await runPendingDetections();
    const seconds = (performance.now() - started) / 1000;
    if (report.failures.length > 0) throw new Error(`detectors failed: ${JSON.stringify(report.failures.slice(0, 3))}`);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ detector: string; severity: string; evidence_seqs: string[] }>('SELECT detector, severity, evidence_seqs FROM alerts');
    await client.end();
    const alerts = rows.map((row) => ({ detector: row.detector, severity: row.severity, evidence: (row.evidence_seqs ?? []).map(Number) }));
    const timings = Object.entries(report.timings).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ');
    process.stderr.write(`seed ${seed}: ${EVENTS} events examined in ${seconds.toFixed(1)} s (${Math.round(EVENTS / seconds)} events/s), ${alerts.length} alerts; ${timings}\n`);
    return { score: score(labels, alerts), own: score(labels, alerts.filter((alert) => !OTHER_MODULES.includes(alert.detector))), alerts, labels, seconds };
  } finally {
    await db.drop();
  }
}

const pct = (value: number | null) => (value === null ? '   —  ' : `${(value * 100).toFixed(1).padStart(5)}%`);

function merge(scores: Score[]): Score {
  const byDetector = new Map<string, Score['perDetector'][number]>();
  for (const s of scores) {
    for (const d of s.perDetector) {
      const into = byDetector.get(d.detector) ?? { ...d, alerts: 0, truePositives: 0, expected: 0, caught: 0, benignFlagged: 0 };
      into.alerts += d.alerts;
      into.truePositives += d.truePositives;
      into.expected += d.expected;
      into.caught += d.caught;
      into.benignFlagged += d.benignFlagged;
      into.precision = into.alerts ? into.truePositives / into.alerts : null;
      into.recall = into.expected ? into.caught / into.expected : null;
      byDetector.set(d.detector, into);
    }
  }
  const sum = (key: 'attackSessions' | 'attackDetected' | 'benignSessions' | 'benignFlagged' | 'benignFlaggedMediumUp') => scores.reduce((total, s) => total + s[key], 0);
  const scenarios = new Map<string, { scenario: string; sessions: number; detected: number }>();
  for (const s of scores) for (const row of s.perScenario) {
    const into = scenarios.get(row.scenario) ?? { scenario: row.scenario, sessions: 0, detected: 0 };
    into.sessions += row.sessions;
    into.detected += row.detected;
    scenarios.set(row.scenario, into);
  }
  return {
    perDetector: [...byDetector.values()], attackSessions: sum('attackSessions'), attackDetected: sum('attackDetected'),
    recall: sum('attackDetected') / Math.max(1, sum('attackSessions')), benignSessions: sum('benignSessions'), benignFlagged: sum('benignFlagged'),
    benignFlaggedMediumUp: sum('benignFlaggedMediumUp'), fpRate: sum('benignFlagged') / Math.max(1, sum('benignSessions')),
    fpRateMediumUp: sum('benignFlaggedMediumUp') / Math.max(1, sum('benignSessions')), perScenario: [...scenarios.values()],
  };
}

function print(title: string, s: Score, own: Score): void {
  console.log(`\n${title}`);
  console.log('detector                 alerts   TP  precision | attack sessions expected  caught  recall | benign sessions flagged');
  for (const d of s.perDetector.sort((a, b) => a.detector.localeCompare(b.detector))) {
    console.log(`${d.detector.padEnd(24)} ${String(d.alerts).padStart(6)} ${String(d.truePositives).padStart(4)}  ${pct(d.precision)}  | ${String(d.expected).padStart(24)} ${String(d.caught).padStart(7)}  ${pct(d.recall)} | ${String(d.benignFlagged).padStart(6)}`);
  }
  for (const row of s.perScenario) console.log(`  scenario ${row.scenario.padEnd(34)} ${row.detected}/${row.sessions} sessions detected`);
  console.log(`overall recall (attack sessions with any alert): ${s.attackDetected}/${s.attackSessions} = ${pct(s.recall)}   target ≥ 95%`);
  console.log(`benign sessions flagged, any severity: ${s.benignFlagged}/${s.benignSessions} = ${pct(s.fpRate)};  medium and above: ${s.benignFlaggedMediumUp}/${s.benignSessions} = ${pct(s.fpRateMediumUp)}   target ≤ 1%`);
  console.log(`without ${OTHER_MODULES.join(', ')} (other modules' detectors): recall ${own.attackDetected}/${own.attackSessions} = ${pct(own.recall)};`
    + ` benign flagged, any severity ${pct(own.fpRate)}, medium and above ${own.benignFlaggedMediumUp}/${own.benignSessions} = ${pct(own.fpRateMediumUp)}`);
}

async function main() {
  const server = await databaseServer();
  try {
    if (values['charts-only']) {
      await timeCharts(server.url, { events: Number(values['chart-events'] ?? 10_000_000), runs: Number(values.runs ?? 20) });
      return;
    }
    console.log(`bench:detect — ${EVENTS.toLocaleString('en-US')} demo events per seed over ${DAYS} days ending ${END.toISOString()}`);
    const tuning = [];
    for (const seed of TUNING_SEEDS) tuning.push(await runSeed(server.url, seed));
    const heldOut = [];
    for (const seed of HELD_OUT_SEEDS) heldOut.push(await runSeed(server.url, seed));
    print(`Tuning set (seeds ${TUNING_SEEDS.join(', ')})`, merge(tuning.map((run) => run.score)), merge(tuning.map((run) => run.own)));
    if (heldOut.length > 0) {
      print(`Held-out set (seeds ${HELD_OUT_SEEDS.join(', ')}; thresholds were not tuned on these)`, merge(heldOut.map((run) => run.score)), merge(heldOut.map((run) => run.own)));
    }
    const all = [...tuning, ...heldOut];
    const events = all.length * EVENTS;
    const seconds = all.reduce((sum, run) => sum + run.seconds, 0);
    console.log(`\nDetection runner: ${events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s = ${Math.round(events / seconds).toLocaleString('en-US')} events/s (all detectors, rollups and alerts; off the ingest path)`);
    if (!values['skip-charts']) await timeCharts(server.url, { events: Number(values['chart-events'] ?? 10_000_000), runs: Number(values.runs ?? 20) });
  } finally {
    await closePool();
    await disconnectDb();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
