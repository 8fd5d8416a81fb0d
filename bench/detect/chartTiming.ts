import pg from 'pg';
import { getAnomalyCharts } from '../../lib/detect';
import { freshDatabase } from './database';

const TOOLS = 24;
const USERS = 400;
const DAYS = 30;

/**
 * Fills the rollups the charts read with 30 days of `events` executions' worth of data, generated in
 * SQL (diurnal shape, 24 tools, 400 users, a latency histogram per row, 3,000 alerts), then times
 * getAnomalyCharts over 1 h, 24 h, 7 d and 30 d. What is timed is the page's whole data fetch.
 */
export async function timeCharts(serverUrl: string, options: { events: number; runs: number }): Promise<void> {
  const db = await freshDatabase(serverUrl);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const perMinuteTool = options.events / (DAYS * 1440 * TOOLS);
    const started = performance.now();
    // Busy hours carry more traffic: weight 1 by day, 0.2 at night, averaging to perMinuteTool.
    const weight = `(CASE WHEN extract(hour FROM m) BETWEEN 8 AND 17 THEN 1.0 ELSE 0.2 END) / 0.5333`;
    await client.query(
      `INSERT INTO rollup_minutes (environment, minute, tool, calls, errors, duration_sum, latency_buckets)
       SELECT 'staging', m, 'tool_' || t, c, (c * 0.03)::int, c * 120.0,
         array_fill(0, ARRAY[20]) || ARRAY[(c * 0.5)::int, (c * 0.3)::int, (c * 0.15)::int, (c * 0.05)::int] || array_fill(0, ARRAY[40])
       FROM generate_series($1::timestamptz - interval '${DAYS} days', $1::timestamptz - interval '1 minute', interval '1 minute') AS m,
         generate_series(1, ${TOOLS}) AS t, LATERAL (SELECT greatest(0, round(${perMinuteTool} * ${weight} * (0.5 + random())))::int AS c) AS x`, [end]);
    // The all-tools rows the runner keeps beside each minute's tool rows.
    await client.query(
      `INSERT INTO rollup_minutes (environment, minute, tool, calls, errors, duration_sum, latency_buckets)
       SELECT environment, minute, '*', sum(calls), sum(errors), sum(duration_sum),
         array_fill(0, ARRAY[20]) || ARRAY[(sum(calls) * 0.5)::int, (sum(calls) * 0.3)::int, (sum(calls) * 0.15)::int, (sum(calls) * 0.05)::int] || array_fill(0, ARRAY[40])
       FROM rollup_minutes GROUP BY environment, minute`);
    // Hours from minutes; the generated histograms have a fixed shape, so the hour's is the same shape of its sum.
    await client.query(
      `INSERT INTO rollup_hours (environment, hour, tool, calls, errors, duration_sum, latency_buckets)
       SELECT environment, date_trunc('hour', minute), tool, sum(calls), sum(errors), sum(duration_sum),
         array_fill(0, ARRAY[20]) || ARRAY[(sum(calls) * 0.5)::int, (sum(calls) * 0.3)::int, (sum(calls) * 0.15)::int, (sum(calls) * 0.05)::int] || array_fill(0, ARRAY[40])
       FROM rollup_minutes GROUP BY environment, date_trunc('hour', minute), tool`);
    await client.query(
      `INSERT INTO rollup_user_hours (environment, hour, user_id, calls, errors)
       SELECT 'staging', h, 'user' || u || '@acme.dev', greatest(1, (${options.events / (DAYS * 24 * USERS)} * (0.2 + random() * 1.6))::int), (random() * 3)::int
       FROM generate_series($1::timestamptz - interval '${DAYS} days', $1::timestamptz - interval '1 hour', interval '1 hour') AS h, generate_series(1, ${USERS}) AS u`, [end]);
    await client.query(
      `INSERT INTO rollup_user_days (environment, day, user_id, calls, errors)
       SELECT environment, date_trunc('day', hour), user_id, sum(calls), sum(errors) FROM rollup_user_hours GROUP BY 1, 2, 3`);
    await client.query(
      `INSERT INTO alerts (environment, detector, severity, title, explanation, dedupe_key, subject_tool, evidence_seqs, evidence_count, first_seen_at, last_seen_at)
       SELECT 'staging', 'rate_spike', (ARRAY['low','medium','high','critical'])[1 + i % 4]::"AlertSeverity", 'spike ' || i, 'bench', 'bench-' || i,
         'tool_' || (1 + i % ${TOOLS}), ARRAY[i::bigint], 1, $1::timestamptz - (random() * interval '${DAYS} days'), $1::timestamptz
       FROM generate_series(1, 3000) AS i`, [end]);
    await client.query('ANALYZE');
    const counts = (await client.query<{ minutes: string; hours: string; users: string; calls: string }>(
      `SELECT (SELECT count(*) FROM rollup_minutes) AS minutes, (SELECT count(*) FROM rollup_hours) AS hours,
         (SELECT count(*) FROM rollup_user_hours) AS users, (SELECT sum(calls) FROM rollup_minutes WHERE tool <> '*') AS calls`)).rows[0]!;
    console.log(`\nChart timing: rollups for ${Number(counts.calls).toLocaleString('en-US')} executions over ${DAYS} days `
      + `(${Number(counts.minutes).toLocaleString('en-US')} minute rows, ${Number(counts.hours).toLocaleString('en-US')} hour rows, `
      + `${Number(counts.users).toLocaleString('en-US')} user-hour rows; built in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    console.log('range   source          buckets   p50 ms   p95 ms   max ms   target < 500 ms');
    for (const [name, ms] of [['1h', 3_600_000], ['24h', 86_400_000], ['7d', 7 * 86_400_000], ['30d', 30 * 86_400_000]] as const) {
      const times: number[] = [];
      let shape = { source: '', buckets: 0 };
      for (let run = 0; run < options.runs + 2; run++) {
        const t0 = performance.now();
        const charts = await getAnomalyCharts('staging', { from: new Date(end.getTime() - ms), to: end });
        if (run >= 2) times.push(performance.now() - t0);
        shape = { source: charts.source, buckets: charts.buckets.length };
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
      console.log(`${name.padEnd(7)} ${shape.source.padEnd(15)} ${String(shape.buckets).padStart(7)} ${at(0.5).toFixed(0).padStart(8)} ${at(0.95).toFixed(0).padStart(8)} ${times.at(-1)!.toFixed(0).padStart(8)}   ${at(0.95) < 500 ? 'ok' : 'MISSED'}`);
    }
  } finally {
    await client.end();
    if (process.env.BENCH_KEEP) console.log(`kept ${db.url}`);
    else await db.drop();
  }
}
