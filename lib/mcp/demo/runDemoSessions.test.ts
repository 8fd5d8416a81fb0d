import { describe, expect, it } from 'vitest';
import type { McpExecutionRecord } from '../executionRecord';
import { memorySink } from '../sinks/recordSink';
import { PROMPT_REGISTRY, UNREGISTERED_PROMPT } from './demoPrompts';
import { DEMO_POLICY } from './demoTools';
import { EXFIL_HOST, INSTALLER_HOST } from './fakeNetwork';
import { runDemoSessions } from './runDemoSessions';

const END = new Date('2026-07-16T12:00:00Z');

async function demo(count: number, seed: number) {
  const sink = memorySink();
  const report = await runDemoSessions({ count, environment: 'production', seed, end: END, sinks: [sink], latencyScale: 0, httpShare: 0.2 });
  return { report, records: sink.lines.map((line) => JSON.parse(line) as McpExecutionRecord & { attributes: Record<string, unknown> }) };
}

const first = await demo(1500, 21);
const scenario = (name: string) => first.records.filter((record) => record.attributes.demo_scenario === name);
const text = (record: McpExecutionRecord) => JSON.stringify(record.output ?? '');

describe('demo sessions: real SDK traffic against the demo server', () => {
  it('records exactly the planned number of calls, ids from the plan, over in-memory and Streamable HTTP transports', async () => {
    expect(first.report).toMatchObject({ calls: 1500, recorder: { recorded: 1500, sinkErrors: 0, pending: 0 } });
    expect(first.records).toHaveLength(1500);
    expect(new Set(first.records.map((record) => record.id)).size).toBe(1500);
    expect(first.records.every((record) => /^demo-21-1500-production-\d{5}-\d{3}$/.test(record.id) && record.environment === 'production')).toBe(true);
    expect(new Set(first.records.map((record) => record.attributes.transport))).toEqual(new Set(['in-memory', 'streamable-http']));
    expect(new Set(first.records.map((record) => record.method))).toEqual(new Set(['tools/call', 'prompts/get', 'resources/read']));
    expect(new Set(first.records.map((record) => record.user_id)).size).toBeGreaterThan(20);
    expect(new Set(first.records.map((record) => record.agent_id)).size).toBe(10);
    const times = first.records.map((record) => Date.parse(record.timestamp));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(END.getTime() - 72 * 3_600_000);
    const again = await demo(1500, 21);
    expect(again.records.map((record) => record.id).sort()).toEqual(first.records.map((record) => record.id).sort());
    // Another count plans other sessions under the same seed: their ids must not be taken for this run's calls.
    const other = new Set((await demo(700, 21)).records.map((record) => record.id));
    expect(first.records.filter((record) => other.has(record.id))).toEqual([]);
  });

  it('weaves every attack scenario in, each showing the evidence its detection needs', () => {
    expect(scenario('prompt_injection_in_tool_output').some((record) => /Ignore previous instructions/.test(text(record)))).toBe(true);
    expect(scenario('prompt_injection_in_tool_output').some((record) => record.tool_name === 'send_email' && (record.side_effects ?? []).some((effect) => effect.kind === 'email'))).toBe(true);
    expect(scenario('exfiltration_unknown_host').some((record) => record.side_effects?.some((effect) => effect.kind === 'dns' && effect.target === EXFIL_HOST))).toBe(true);
    const shell = scenario('shell_exec_attempt').find((record) => record.tool_name === 'shell_exec')!;
    expect(DEMO_POLICY.forbiddenTools).toContain(shell.tool_name);
    expect(shell.side_effects).toEqual(expect.arrayContaining([{ kind: 'shell_exec', target: expect.stringContaining(INSTALLER_HOST) }, { kind: 'process', target: 'sh' }]));
    expect(scenario('secret_in_output').some((record) => /sk_live_4f[A-Za-z0-9]{20,}/.test(text(record)))).toBe(true);
    expect(scenario('secret_in_output').some((record) => /AKIA[A-Z2-7]{16}/.test(text(record)))).toBe(true);
    expect(scenario('failure_burst').filter((record) => record.is_error).length).toBeGreaterThanOrEqual(20);
    const drift = scenario('schema_changed_without_bump').filter((record) => record.tool_name === 'run_query');
    expect(new Set(drift.map((record) => record.tool_version)).size).toBe(1);
    expect(new Set(drift.map((record) => record.input_schema_hash)).size).toBe(2);
    const prompt = scenario('unregistered_prompt').find((record) => record.method === 'prompts/get')!;
    expect(prompt).toMatchObject({ prompt_name: UNREGISTERED_PROMPT.name, prompt_version: UNREGISTERED_PROMPT.version });
    expect(PROMPT_REGISTRY.some((entry) => entry.checksum === prompt.prompt_checksum)).toBe(false);
  });

  it('keeps ordinary sessions ordinary: registered prompts, a steady schema per tool version, a few honest errors', () => {
    const normal = first.records.filter((record) => record.attributes.demo_scenario === undefined);
    for (const record of normal.filter((candidate) => candidate.method === 'prompts/get')) {
      expect(PROMPT_REGISTRY).toContainEqual({ name: record.prompt_name, version: record.prompt_version, checksum: record.prompt_checksum });
    }
    const hashes = new Map<string, Set<string>>();
    for (const record of normal.filter((candidate) => candidate.method === 'tools/call')) {
      const key = `${record.tool_name}@${record.tool_version}`;
      hashes.set(key, (hashes.get(key) ?? new Set()).add(String(record.input_schema_hash)));
    }
    for (const [key, set] of hashes) expect(set.size, key).toBe(1);
    const errorRate = normal.filter((record) => record.is_error).length / normal.length;
    expect(errorRate).toBeGreaterThan(0.005);
    expect(errorRate).toBeLessThan(0.06);
    expect(normal.some((record) => record.tool_name === 'shell_exec')).toBe(false);
  });
});
