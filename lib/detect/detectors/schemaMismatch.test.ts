import { describe, expect, it } from 'vitest';
import { ruleContext, testExecution } from '../testing';
import { schemaMismatch, structuredOutput } from './schemaMismatch';

const registered = {
  id: 'tv1', inputSchemaHash: 'sha256:aaaa', manifestHash: 'm',
  outputSchema: { type: 'object', required: ['rows'], properties: { rows: { type: 'array' } } },
};
const tools = { 'run_query@0.6.1': registered };
const run = (overrides: Parameters<typeof testExecution>[0]) =>
  schemaMismatch.detect([testExecution({ toolName: 'run_query', toolVersion: '0.6.1', inputSchemaHash: 'sha256:aaaa', output: { content: [{ type: 'text', text: '{"rows":[]}' }] }, ...overrides })], ruleContext({ tools }));

describe('schema_mismatch against the registry (contract C4)', () => {
  it('passes a call that matches its registered version', async () => {
    expect(await run({})).toEqual([]);
  });

  it('flags an input schema hash other than the registered one', async () => {
    const [finding] = await run({ inputSchemaHash: 'sha256:bbbb' });
    expect(finding).toMatchObject({ severity: 'high', title: 'Input schema of run_query 0.6.1 does not match the registry' });
  });

  it('compares hashes exactly (case and spacing are different hashes)', async () => {
    expect(await run({ inputSchemaHash: 'SHA256:AAAA' })).toHaveLength(1);
    expect(await run({ inputSchemaHash: 'sha256:aaaa ' })).toHaveLength(1);
  });

  it('flags an output that fails the declared output schema, and names the problem', async () => {
    const [finding] = await run({ output: { content: [{ type: 'text', text: '{"result":"ok"}' }] } });
    expect(finding!.explanation).toContain("must have required property 'rows'");
    expect(await run({ output: { structuredContent: { rows: 'nope' }, content: [] } })).toHaveLength(1);
  });

  it('does not judge the output of failed calls', async () => {
    expect(await run({ isError: true, output: 'boom' })).toEqual([]);
  });

  it('skips silently when the tool version is not registered and reports no hash', async () => {
    expect(await run({ toolVersion: '9.9.9', inputSchemaHash: null })).toEqual([]);
  });

  it('reads MCP results the way clients do', () => {
    expect(structuredOutput({ structuredContent: { a: 1 }, content: [] })).toEqual({ a: 1 });
    expect(structuredOutput({ content: [{ type: 'text', text: '[1,2]' }] })).toEqual([1, 2]);
    expect(structuredOutput('{"x":1}')).toEqual({ x: 1 });
  });
});
