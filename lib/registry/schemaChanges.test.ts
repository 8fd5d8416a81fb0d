import { describe, expect, it } from 'vitest';
import { compareSchemas, type ChangeRule } from './schemaChanges';

const object = (properties: Record<string, unknown>, required: string[] = [], extra: Record<string, unknown> = {}) => ({ type: 'object', properties, required, ...extra });
const rules = (before: unknown, after: unknown, direction: 'input' | 'output' = 'input') =>
  compareSchemas(before, after, direction).map((change) => [change.severity, change.rule, change.path] as [string, ChangeRule, string]);

describe('breaking-change analyser: inputs (what callers send)', () => {
  const base = object({ path: { type: 'string' }, limit: { type: 'integer' }, mode: { type: 'string', enum: ['fast', 'full'] } }, ['path']);

  it('finds nothing between equal schemas, whatever the key order', () => {
    expect(compareSchemas(base, JSON.parse(JSON.stringify({ required: ['path'], properties: base.properties, type: 'object' })), 'input')).toEqual([]);
  });

  it('required field added → breaking', () => {
    expect(rules(base, object({ ...base.properties, encoding: { type: 'string' } }, ['path', 'encoding']))).toEqual([['breaking', 'required_added', '/encoding']]);
  });

  it('an existing optional field becoming required → breaking', () => {
    expect(rules(base, object(base.properties, ['path', 'limit']))).toEqual([['breaking', 'required_added', '/limit']]);
  });

  it('property removed → breaking', () => {
    const { limit: _limit, ...rest } = base.properties;
    expect(rules(base, object(rest, ['path']))).toEqual([['breaking', 'property_removed', '/limit']]);
  });

  it('property renamed (same schema under a new name) → breaking, named as a rename', () => {
    const { limit, ...rest } = base.properties;
    const changes = compareSchemas(base, object({ ...rest, max_results: limit }, ['path']), 'input');
    expect(changes.map((change) => [change.severity, change.rule])).toEqual([['breaking', 'property_renamed']]);
    expect(changes[0]!.message).toBe('field `limit` renamed to `max_results`');
  });

  it('type narrowed (number → integer, string|null → string) → breaking; widened → additive', () => {
    expect(rules(object({ n: { type: 'number' } }), object({ n: { type: 'integer' } }))).toEqual([['breaking', 'type_narrowed', '/n']]);
    expect(rules(object({ s: { type: ['string', 'null'] } }), object({ s: { type: 'string' } }))).toEqual([['breaking', 'type_narrowed', '/s']]);
    expect(rules(object({ n: { type: 'integer' } }), object({ n: { type: 'number' } }))).toEqual([['additive', 'type_widened', '/n']]);
  });

  it('enum value removed → breaking; enum value added → additive', () => {
    expect(rules(base, object({ ...base.properties, mode: { type: 'string', enum: ['fast'] } }, ['path']))).toEqual([['breaking', 'enum_value_removed', '/mode']]);
    expect(rules(base, object({ ...base.properties, mode: { type: 'string', enum: ['fast', 'full', 'deep'] } }, ['path']))).toEqual([['additive', 'enum_value_added', '/mode']]);
  });

  it('optional field added → additive; required dropped → additive; description → cosmetic', () => {
    expect(rules(base, object({ ...base.properties, dry_run: { type: 'boolean' } }, ['path']))).toEqual([['additive', 'property_added', '/dry_run']]);
    expect(rules(base, object(base.properties, []))).toEqual([['additive', 'required_removed', '/path']]);
    expect(rules(base, object({ ...base.properties, path: { type: 'string', description: 'Absolute path' } }, ['path']))).toEqual([['cosmetic', 'annotation_changed', '/path']]);
  });

  it('tighter limits and closing additional properties → breaking; looser → additive', () => {
    expect(rules(object({ q: { type: 'string', maxLength: 100 } }), object({ q: { type: 'string', maxLength: 50 } }))).toEqual([['breaking', 'constraint_tightened', '/q']]);
    expect(rules(object({ q: { type: 'string', maxLength: 50 } }), object({ q: { type: 'string', maxLength: 100 } }))).toEqual([['additive', 'constraint_loosened', '/q']]);
    expect(rules(object({ q: { type: 'string' } }), object({ q: { type: 'string', pattern: '^a' } }))).toEqual([['breaking', 'constraint_tightened', '/q']]);
    expect(rules(base, { ...base, additionalProperties: false })).toEqual([['breaking', 'additional_properties_closed', '']]);
  });

  it('looks into nested objects, array items and local $refs', () => {
    const nested = (inner: Record<string, unknown>) => object({ filter: object(inner) });
    expect(rules(nested({ a: { type: 'string' } }), nested({}))).toEqual([['breaking', 'property_removed', '/filter/a']]);
    const items = (type: string) => object({ tags: { type: 'array', items: { type } } });
    expect(rules(items('number'), items('integer'))).toEqual([['breaking', 'type_narrowed', '/tags/items']]);
    const viaRef = (values: string[]) => ({ ...object({ level: { $ref: '#/$defs/level' } }), $defs: { level: { type: 'string', enum: values } } });
    expect(rules(viaRef(['low', 'high']), viaRef(['low']))).toEqual([['breaking', 'enum_value_removed', '/level']]);
  });

  it('calls a change it cannot prove compatible breaking', () => {
    expect(rules(object({ a: { type: 'string' } }), object({ a: { type: 'string', if: { minLength: 2 }, then: { pattern: 'x' } } })).map(([severity]) => severity)).toEqual(['breaking', 'breaking']);
  });
});

describe('breaking-change analyser: outputs (what callers read)', () => {
  const out = object({ text: { type: 'string' }, score: { type: 'integer' }, level: { enum: ['low', 'high'] } }, ['text', 'score']);

  it('field removed or renamed → breaking', () => {
    expect(rules(out, object({ text: { type: 'string' }, level: { enum: ['low', 'high'] } }, ['text']), 'output')).toContainEqual(['breaking', 'property_removed', '/score']);
  });

  it('a field no longer guaranteed, a wider type or a new enum value → breaking', () => {
    expect(rules(out, object(out.properties, ['text']), 'output')).toEqual([['breaking', 'required_removed', '/score']]);
    expect(rules(out, object({ ...out.properties, score: { type: 'number' } }, ['text', 'score']), 'output')).toEqual([['breaking', 'type_widened', '/score']]);
    expect(rules(out, object({ ...out.properties, level: { enum: ['low', 'high', 'critical'] } }, ['text', 'score']), 'output')).toEqual([['breaking', 'enum_value_added', '/level']]);
  });

  it('a narrower output or a new field → additive', () => {
    expect(rules(out, object({ ...out.properties, level: { enum: ['low'] } }, ['text', 'score']), 'output')).toEqual([['additive', 'enum_value_removed', '/level']]);
    expect(rules(out, object({ ...out.properties, extra: { type: 'string' } }, ['text', 'score']), 'output')).toEqual([['additive', 'property_added', '/extra']]);
  });
});
