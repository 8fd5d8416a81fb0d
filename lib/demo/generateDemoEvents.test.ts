import { describe, expect, it } from 'vitest';
import { generateDemoEvents, type DemoEvent } from './generateDemoEvents';
import { EXFIL_HOST } from './scenarios';
import { findTool, hashOf } from './session';

const END = new Date('2025-07-16T12:00:00Z');
const SPAN_MS = 72 * 3_600_000;
const big = generateDemoEvents({ count: 5000, environment: 'production', seed: 7, end: END });

const scenarioOf = (e: DemoEvent) => (e.attributes as Record<string, unknown> | undefined)?.demo_scenario as string | undefined;
const ofScenario = (name: string) => big.filter((e) => scenarioOf(e) === name);
const normal = big.filter((e) => scenarioOf(e) === undefined);
const text = (e: DemoEvent) => JSON.stringify([e.arguments, e.output]);
const sideEffects = (e: DemoEvent) => (e.side_effects ?? []) as { kind: string; target: string }[];
// Map.groupBy is Node 21+.
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
const bySession = (events: DemoEvent[]) => groupBy(events, (e) => String(e.session_id));

describe('generateDemoEvents: shape', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDemoEvents({ count: 400, environment: 'staging', seed: 42, end: END });
    expect(generateDemoEvents({ count: 400, environment: 'staging', seed: 42, end: END })).toEqual(a);
    expect(generateDemoEvents({ count: 400, environment: 'staging', seed: 43, end: END })).not.toEqual(a);
  });

  it.each([0, 1, 2, 7, 250, 1234])('honours count=%i with unique ids and ordered, in-span timestamps', (count) => {
    const events = generateDemoEvents({ count, environment: 'staging', seed: count, end: END, spanHours: 6 });
    expect(events).toHaveLength(count);
    expect(new Set(events.map((e) => e.id)).size).toBe(count);
    const times = events.map((e) => Date.parse(String(e.timestamp)));
    times.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual(END.getTime() - 6 * 3_600_000);
      expect(t).toBeLessThanOrEqual(END.getTime());
      if (i > 0) expect(t).toBeGreaterThanOrEqual(times[i - 1] ?? 0);
    });
  });

  it('gives every event the required fields in the right formats', () => {
    const start = END.getTime() - SPAN_MS;
    for (const e of big) {
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(String(e.timestamp))).toBeGreaterThanOrEqual(start);
      expect(String(e.id).length).toBeLessThanOrEqual(128);
      expect(e.environment).toBe('production');
      expect(e.server_name && e.server_version).toBeTruthy();
      expect(e.method ?? e.tool_name).toBeTruthy();
      expect(e.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(e.span_id).toMatch(/^[0-9a-f]{16}$/);
      if (e.method === 'tools/call') {
        expect(e.input_schema_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(e.tool_version).toMatch(/^\d+\.\d+\.\d+$/);
      }
      if (e.method === 'prompts/get') expect(e.prompt_checksum).toMatch(/^[0-9a-f]{64}$/);
      for (const fx of sideEffects(e)) expect(['shell_exec', 'dns', 'http', 'file_read', 'file_write', 'process']).toContain(fx.kind);
    }
    expect(new Set(big.map((e) => e.id)).size).toBe(big.length);
  });

  it('averages 500-3000 bytes of JSON per record', () => {
    const average = big.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0) / big.length;
    expect(average).toBeGreaterThan(500);
    expect(average).toBeLessThan(3000);
  });

  it('looks like real traffic: many servers, users, agents, languages, a daily rhythm and a few errors', () => {
    expect(new Set(big.map((e) => e.server_name)).size).toBe(8);
    expect(new Set(big.map((e) => e.user_id)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(big.map((e) => e.agent_id)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(big.map((e) => e.method))).toEqual(new Set(['tools/call', 'prompts/get', 'resources/read', 'tools/list']));
    const all = big.map(text).join('\n');
    expect(all).toMatch(/[\u3040-\u30ff]/u);
    expect(all).toMatch(/[\u0600-\u06ff]/u);
    expect(all).toMatch(/[äöüß]/u);
    const errorRate = normal.filter((e) => e.is_error).length / normal.length;
    expect(errorRate).toBeGreaterThan(0.01);
    expect(errorRate).toBeLessThan(0.06);
    const hourOf = (e: DemoEvent) => new Date(String(e.timestamp)).getUTCHours();
    expect(big.filter((e) => hourOf(e) >= 9 && hourOf(e) < 12).length).toBeGreaterThan(3 * big.filter((e) => hourOf(e) < 3).length);
    for (const session of bySession(normal).values()) {
      expect(session.length).toBeLessThanOrEqual(30);
      expect(new Set(session.map((e) => `${e.user_id}|${e.agent_id}|${e.trace_id}`)).size).toBe(1);
    }
  });

  it('keeps one schema hash per tool version, and changes it with a version bump', () => {
    const hashes = groupBy(normal.filter((e) => e.method === 'tools/call'), (e) => `${e.server_name}/${e.tool_name}@${e.tool_version}`);
    for (const [key, events] of hashes) expect(new Set(events.map((e) => e.input_schema_hash)).size, key).toBe(1);
    const pr = [...hashes.keys()].filter((k) => k.startsWith('github-mcp/create_pull_request@'));
    expect(pr.sort()).toEqual(['github-mcp/create_pull_request@1.2.0', 'github-mcp/create_pull_request@1.3.0']);
    expect(hashes.get(pr[0] ?? '')?.[0]?.input_schema_hash).not.toBe(hashes.get(pr[1] ?? '')?.[0]?.input_schema_hash);
  });
});

describe('generateDemoEvents: attack scenarios in a 5,000-event run', () => {
  it('weaves all seven in as whole sessions, 3-5% of events', () => {
    const names = new Set(big.map(scenarioOf).filter(Boolean));
    expect([...names].sort()).toEqual([
      'exfiltration_unknown_host', 'failure_burst', 'prompt_injection_in_tool_output', 'schema_changed_without_bump',
      'secret_in_output', 'shell_exec_attempt', 'unregistered_prompt',
    ]);
    const share = (big.length - normal.length) / big.length;
    expect(share).toBeGreaterThanOrEqual(0.03);
    expect(share).toBeLessThanOrEqual(0.05);
    const normalSessions = new Set(normal.map((e) => e.session_id));
    for (const e of big) if (scenarioOf(e)) expect(normalSessions.has(e.session_id)).toBe(false);
  });

  it('prompt_injection_in_tool_output: hidden instructions in a browser fetch, then a suspicious call', () => {
    const events = ofScenario('prompt_injection_in_tool_output');
    const fetches = events.filter((e) => e.server_name === 'browser-mcp' && String(e.output).includes('Ignore previous instructions'));
    expect(fetches.length).toBeGreaterThan(0);
    for (const fetch of fetches) {
      expect(String(fetch.output)).toMatch(/[\u{E0000}-\u{E007F}]{10,}/u);
      expect(String(fetch.output)).toMatch(/\w\u200d\w\u200d\w/u);
      const after = events.filter((e) => e.session_id === fetch.session_id && String(e.timestamp) >= String(fetch.timestamp) && e !== fetch);
      expect(after.some((e) => /\.aws\/credentials|#ext-/.test(JSON.stringify(e.arguments)))).toBe(true);
    }
  });

  it('exfiltration_unknown_host: HTTP to an unknown host carrying base64 in a markdown image', () => {
    const hits = ofScenario('exfiltration_unknown_host').filter((e) => sideEffects(e).some((fx) => fx.kind === 'http' && new URL(fx.target).hostname === EXFIL_HOST));
    expect(hits.length).toBeGreaterThan(0);
    const image = hits.map(text).join('\n').match(/!\[[^\]]*\]\(https:\/\/paste-drop\.example\.net\/[^)?]*\?d=([A-Za-z0-9+/=]+)\)/);
    expect(Buffer.from(image?.[1] ?? '', 'base64').toString()).toContain('DATABASE_URL=');
    expect(normal.some((e) => JSON.stringify(e).includes(EXFIL_HOST))).toBe(false);
  });

  it('shell_exec_attempt: curl piped to sh, plus DNS to an external host', () => {
    const effects = ofScenario('shell_exec_attempt').flatMap(sideEffects);
    expect(effects.some((fx) => fx.kind === 'shell_exec' && /curl .*\| *sh/.test(fx.target))).toBe(true);
    expect(effects.some((fx) => fx.kind === 'dns' && !fx.target.endsWith('acme.dev'))).toBe(true);
    expect(normal.flatMap(sideEffects).some((fx) => fx.kind === 'shell_exec')).toBe(false);
  });

  it('secret_in_output: AWS key id, OpenSSH private key and JWT in outputs', () => {
    const outputs = ofScenario('secret_in_output').map((e) => JSON.stringify(e.output)).join('\n');
    expect(outputs).toMatch(/AKIA[A-Z0-9]{16}/);
    expect(outputs).toContain('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(outputs).toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{20,}/);
    expect(normal.map((e) => JSON.stringify(e.output)).join('\n')).not.toMatch(/AKIA[A-Z0-9]{16}|PRIVATE KEY/);
  });

  it('failure_burst: one session with 20+ permission-denied failures within two minutes', () => {
    const sessions = [...bySession(ofScenario('failure_burst')).values()];
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) {
      expect(session.length).toBeGreaterThanOrEqual(20);
      expect(session.every((e) => e.is_error === true && e.error === 'permission denied')).toBe(true);
      const times = session.map((e) => Date.parse(String(e.timestamp)));
      expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(120_000);
    }
  });

  it('schema_changed_without_bump: a different schema hash under an unchanged tool version', () => {
    const drifted = ofScenario('schema_changed_without_bump').filter((e) => e.method === 'tools/call');
    expect(drifted.length).toBeGreaterThan(0);
    for (const e of drifted) {
      const usual = normal.filter((n) => n.server_name === e.server_name && n.tool_name === e.tool_name && n.tool_version === e.tool_version);
      expect(usual.length).toBeGreaterThan(10);
      expect(new Set(usual.map((n) => n.input_schema_hash)).size).toBe(1);
      expect(e.input_schema_hash).not.toBe(usual[0]?.input_schema_hash);
      expect(usual[0]?.input_schema_hash).toBe(hashOf(findTool(String(e.server_name), String(e.tool_name)).schema));
    }
  });

  it('unregistered_prompt: a checksum no other event of that prompt uses', () => {
    const gets = ofScenario('unregistered_prompt').filter((e) => e.method === 'prompts/get');
    expect(gets.length).toBeGreaterThan(0);
    for (const e of gets) {
      const same = big.filter((o) => o.prompt_name === e.prompt_name);
      expect(same.filter((o) => o.prompt_checksum === e.prompt_checksum)).toEqual([e]);
      expect(same.some((o) => o.prompt_version === e.prompt_version && o.prompt_checksum !== e.prompt_checksum)).toBe(true);
    }
  });
});
