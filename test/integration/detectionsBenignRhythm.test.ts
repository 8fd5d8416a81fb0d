import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPendingDetections } from '../../lib/detect';
import { OFF_HOURS_MIN_CALLS } from '../../lib/detect/detectors/offHours';
import { RATE_MIN_CALLS, RATE_MIN_CALLS_USER } from '../../lib/detect/detectors/volumeAnomalies';
import { handleIngest } from '../../lib/ingest';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sql } from '../support/ingestFixtures';

// The ordinary rhythms that used to raise alerts on benign traffic (bench:detect): several sessions
// of one user at once, a night owl whose late calls spread over the night, a user with little history.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.parse('2026-11-19T10:00:00Z'); // a Thursday: the days before are weekdays

let server: Awaited<ReturnType<typeof serveHandler>>;
let token: string;
let n = 0;

const call = (user: string, at: number, extra: Record<string, unknown> = {}) => ({
  id: `br-${n++}`, timestamp: new Date(at).toISOString(), method: 'tools/call', tool_name: 'search_docs', tool_version: '1.0.0',
  user_id: user, agent_id: 'agent-1', session_id: `${user}-${Math.floor(at / HOUR)}`, duration_ms: 20, ...extra,
});

/** `perDay` calls a day for `days` weekdays before T, spread over the given UTC hours. */
const history = (user: string, days: number, perDay: number, hours: number[]) => Array.from({ length: days }, (_, d) => d + 1).flatMap((day) =>
  Array.from({ length: perDay }, (_, i) => call(user, T - day * DAY + (hours[i % hours.length]! - 10) * HOUR + (i % 50) * 60_000)));

async function ingest(events: unknown[]) {
  expect((await post(server.url, token, ndjson(events))).body.accepted).toBe(events.length);
  expect((await runPendingDetections()).failures).toEqual([]);
}

const alerts = (detector: string, user: string) => sql<{ title: string; explanation: string }>(
  'SELECT title, explanation FROM alerts WHERE detector = $1 AND subject_user = $2', [detector, user]);

beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  token = await ingestToken('staging');
});
afterAll(() => server.close());

describe('benign rhythms stay quiet, real changes still alert', () => {
  it('a user running several sessions at once alerts only past the per-user floor, summed over tools', async () => {
    await ingest(['busy', 'busier'].flatMap((user) => history(`${user}@acme.dev`, 3, 20, [9, 10, 11])));
    // Four tools, each under the per-tool floor, together over 40 but under the user floor.
    const tools = ['search_docs', 'read_file', 'list_dir', 'fetch_url'];
    const burst = (user: string, total: number) => Array.from({ length: total }, (_, i) =>
      call(user, T + i * Math.floor(290_000 / total), { tool_name: tools[i % 4], session_id: `${user}-s${i % 4}` }));
    expect(RATE_MIN_CALLS_USER).toBeGreaterThan(RATE_MIN_CALLS + 5);
    await ingest([...burst('busy@acme.dev', RATE_MIN_CALLS + 5), ...burst('busier@acme.dev', RATE_MIN_CALLS_USER + 4)]);
    expect(await alerts('rate_spike', 'busy@acme.dev')).toEqual([]);
    const [spike] = await alerts('rate_spike', 'busier@acme.dev');
    expect(spike!.title).toBe('Call-rate spike: user busier@acme.dev');
    expect(spike!.explanation).toMatch(new RegExp(`^${RATE_MIN_CALLS_USER + 4} calls in 5 min`));
  });

  it('a night owl whose late calls sit a few hours away is not off-hours; a strict day worker at 03:00 is', async () => {
    // Both work 09–11 on most calls; the owl also works around 22:00–23:00 now and then.
    // Sent oldest first, as days arrive: the owl's first late evening is news, the ones after it are not.
    const byDay = (events: Array<ReturnType<typeof call>>) => (d: number) => events.filter((e) => Date.parse(e.timestamp) - (T - d * DAY) >= -10 * HOUR && Date.parse(e.timestamp) - (T - d * DAY) < 14 * HOUR);
    const owl = byDay([...history('owl@acme.dev', 4, 90, [9, 10, 11]), ...history('owl@acme.dev', 2, 5, [22, 23])]);
    const day = byDay(history('day@acme.dev', 4, 90, [9, 10, 11]));
    for (const d of [4, 3, 2, 1]) await ingest([...owl(d), ...day(d)]);
    const firstEvening = await alerts('off_hours', 'owl@acme.dev');
    expect(firstEvening).toHaveLength(1);
    expect(firstEvening[0]!.explanation).toMatch(/^\d call\(s\) between 2[23]:00 and/);
    // 01:00–02:00: an empty ±1 h band for the owl (23:00 is 2 h away) but not an empty ±3 h band.
    await ingest([call('owl@acme.dev', T + 15 * HOUR + 600_000), call('day@acme.dev', T + 17 * HOUR + 600_000)]);
    expect(await alerts('off_hours', 'owl@acme.dev')).toEqual(firstEvening);
    const [late] = await alerts('off_hours', 'day@acme.dev');
    expect(late!.explanation).toMatch(/^1 call\(s\) between 03:00 and 04:00 UTC; day@acme\.dev made 0 of 360 calls \(0 %\) within 3 hours of that time/);
  });

  it('needs enough history before anything is off-hours', async () => {
    await ingest(history('new@acme.dev', 3, Math.floor((OFF_HOURS_MIN_CALLS - 10) / 3), [9, 10, 11]));
    await ingest([call('new@acme.dev', T + 17 * HOUR + 900_000)]);
    expect(await alerts('off_hours', 'new@acme.dev')).toEqual([]);
  });
});
