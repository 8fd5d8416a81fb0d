import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../ledger/canonicalJson';
import { sha256Hex } from './callRecord';
import { ToolCatalogue, toolFacts } from './toolCatalogue';

const wireHash = (schema: unknown) => sha256Hex(canonicalJson(JSON.parse(JSON.stringify(schema))));

describe('ToolCatalogue', () => {
  it('hashes each input schema as clients receive it, and one schema that cannot be hashed costs only its own hash', async () => {
    const reports: string[] = [];
    const odd = { type: 'object', properties: { n: { type: 'number', default: Number.NaN }, s: { type: 'string', default: Object('x') }, f: { default: () => 1 } } };
    const tools = [
      { name: 'good', inputSchema: { type: 'object' }, _meta: { 'warden/version': '1.2' } },
      { name: 'odd', inputSchema: odd },
      { name: 'big', inputSchema: { type: 'integer', maximum: 10n }, _meta: { version: '3.0' } },
    ];
    const catalogue = new ToolCatalogue(async () => ({ tools }), (error) => reports.push((error as Error).message));
    expect(await catalogue.lookup('good', {})).toEqual({ version: '1.2', inputSchemaHash: wireHash({ type: 'object' }) });
    // NaN is null on the wire, the boxed string a plain one, the function gone: the hash is of that.
    expect(await catalogue.lookup('odd', {})).toEqual({ version: undefined, inputSchemaHash: wireHash(odd) });
    expect(wireHash(odd)).toBe(wireHash({ type: 'object', properties: { n: { type: 'number', default: null }, s: { type: 'string', default: 'x' }, f: {} } }));
    // A BigInt cannot go over the wire at all: the tool keeps its version, the error is reported, the others are untouched.
    expect(await catalogue.lookup('big', {})).toEqual({ version: '3.0' });
    expect(reports).toEqual([expect.stringContaining('cannot hash the input schema of tool "big"')]);
  });

  it('gives a plain JSON schema the hash of its RFC 8785 form', () => {
    const schema = { type: 'object', properties: { b: { type: 'string' }, a: { type: 'number' } }, required: ['b'] };
    expect(toolFacts({ name: 't', inputSchema: schema }).inputSchemaHash).toBe(sha256Hex(canonicalJson(schema)));
    expect(toolFacts({ name: 't' }).inputSchemaHash).toBeUndefined();
  });
});
