import { canonicalJson } from '../ledger/canonicalJson';

/**
 * The breaking-change analyser behind semver enforcement. It compares two JSON Schemas of one tool
 * and lists every change with the rule that classifies it:
 *
 * - breaking: callers written against the old schema can fail against the new one (needs a major);
 * - additive: the new schema accepts or promises more without breaking anyone (needs a minor);
 * - cosmetic: titles, descriptions, examples (a patch is enough).
 *
 * Inputs are what callers send, so a schema that accepts *less* breaks them (required field added,
 * type narrowed, enum value removed, tighter limits). Outputs are what callers read, so it is the other
 * way round (a field that may now be missing, a wider type, a new enum value). A field removed or
 * renamed breaks callers either way. Whatever it cannot prove compatible it calls breaking.
 */
export type ChangeSeverity = 'breaking' | 'additive' | 'cosmetic';
export type SchemaDirection = 'input' | 'output';

export interface SchemaChange {
  severity: ChangeSeverity;
  rule: ChangeRule;
  /** JSON-pointer-like location in the instance, e.g. `/options/mode`; `` for the root. */
  path: string;
  message: string;
}

export type ChangeRule =
  | 'required_added' | 'required_removed' | 'property_added' | 'property_removed' | 'property_renamed'
  | 'type_narrowed' | 'type_widened' | 'enum_value_removed' | 'enum_value_added'
  | 'constraint_tightened' | 'constraint_loosened' | 'additional_properties_closed' | 'additional_properties_opened'
  | 'composition_changed' | 'annotation_changed';

type Schema = Record<string, unknown> | boolean;
type Json = unknown;

const MAX_DEPTH = 32;
const ANNOTATIONS = new Set(['title', 'description', 'examples', 'default', '$comment', 'deprecated', 'readOnly', 'writeOnly', '$id', '$schema', '$defs', 'definitions']);
const LOWER_BOUNDS = ['minLength', 'minItems', 'minProperties', 'minimum', 'exclusiveMinimum', 'minContains'] as const;
const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum', 'maxContains'] as const;
const EXACT_CONSTRAINTS = ['pattern', 'format', 'multipleOf', 'uniqueItems', 'const', 'contentEncoding', 'contentMediaType'] as const;
const HANDLED = new Set<string>([...ANNOTATIONS, ...LOWER_BOUNDS, ...UPPER_BOUNDS, ...EXACT_CONSTRAINTS, 'type', 'properties', 'required', 'enum', 'items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', '$ref', 'nullable']);

const same = (a: Json, b: Json) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const pointer = (path: string, key: string) => `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
const where = (path: string) => (path === '' ? 'the input' : `\`${path.slice(1)}\``);
const show = (value: Json) => JSON.stringify(value);

class Comparison {
  readonly changes: SchemaChange[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly beforeRoot: Json, private readonly afterRoot: Json, private readonly direction: SchemaDirection) {}

  /** A change that makes the schema accept fewer documents. */
  narrowed(rule: ChangeRule, path: string, message: string) {
    this.add(this.direction === 'input' ? 'breaking' : 'additive', rule, path, message);
  }

  /** A change that makes the schema accept more documents. */
  widened(rule: ChangeRule, path: string, message: string) {
    this.add(this.direction === 'input' ? 'additive' : 'breaking', rule, path, message);
  }

  add(severity: ChangeSeverity, rule: ChangeRule, path: string, message: string) {
    this.changes.push({ severity, rule, path, message });
  }

  private resolve(schema: Json, root: Json): Json {
    let current = schema;
    for (let hops = 0; hops < MAX_DEPTH && isObject(current) && typeof current.$ref === 'string'; hops++) {
      const ref = current.$ref as string;
      if (!ref.startsWith('#')) return current; // remote refs are compared as written
      let target: Json = root;
      for (const part of ref.slice(1).split('/').filter(Boolean)) {
        const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
        target = isObject(target) ? target[key] : undefined;
      }
      if (target === undefined) return current;
      const { $ref: _ignored, ...siblings } = current;
      current = Object.keys(siblings).length > 0 && isObject(target) ? { ...target, ...siblings } : target;
    }
    return current;
  }

  compare(beforeRaw: Json, afterRaw: Json, path: string, depth: number) {
    if (depth > MAX_DEPTH) return;
    const before = this.resolve(beforeRaw, this.beforeRoot) as Schema | undefined;
    const after = this.resolve(afterRaw, this.afterRoot) as Schema | undefined;
    const key = `${path}|${canonicalJson(before ?? null)}|${canonicalJson(after ?? null)}`;
    if (this.seen.has(key)) return; // recursive schemas
    this.seen.add(key);
    if (same(before, after)) return;
    if (before === undefined || before === true || (isObject(before) && Object.keys(before).every((k) => ANNOTATIONS.has(k)))) {
      if (!(after === undefined || after === true || (isObject(after) && Object.keys(after).every((k) => ANNOTATIONS.has(k))))) {
        this.narrowed('type_narrowed', path, `${where(path)} accepted anything and now has a schema`);
      } else this.annotations(before, after, path);
      return;
    }
    if (after === undefined || after === true) {
      this.widened('type_widened', path, `${where(path)} had a schema and now accepts anything`);
      return;
    }
    if (before === false || after === false) {
      if (after === false) this.narrowed('type_narrowed', path, `${where(path)} is no longer accepted at all`);
      else this.widened('type_widened', path, `${where(path)} was not accepted and now is`);
      return;
    }
    this.annotations(before, after, path);
    this.types(before, after, path);
    this.enums(before, after, path);
    this.constraints(before, after, path);
    this.objects(before, after, path, depth);
    if ('items' in before || 'items' in after) this.compare(before.items, after.items, `${path}/items`, depth + 1);
    this.compositions(before, after, path);
    for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!HANDLED.has(keyword) && !same(before[keyword], after[keyword])) {
        this.add('breaking', 'composition_changed', path, `${where(path)}: keyword \`${keyword}\` changed and Warden cannot prove the change compatible`);
      }
    }
  }

  private annotations(before: Json, after: Json, path: string) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    for (const keyword of ['title', 'description', 'examples', 'default', 'deprecated']) {
      if (!same(b[keyword], a[keyword])) this.add('cosmetic', 'annotation_changed', path, `${where(path)}: ${keyword} changed`);
    }
  }

  private types(before: Record<string, unknown>, after: Record<string, unknown>, path: string) {
    const typeSet = (schema: Record<string, unknown>): Set<string> | null => {
      if (schema.type === undefined) return null;
      const types = new Set(Array.isArray(schema.type) ? schema.type.map(String) : [String(schema.type)]);
      if (schema.nullable === true) types.add('null'); // OpenAPI 3.0 style
      return types;
    };
    const b = typeSet(before);
    const a = typeSet(after);
    if (!b && !a) return;
    const accepts = (types: Set<string> | null, type: string) => !types || types.has(type) || (type === 'integer' && types.has('number'));
    const describe = (types: Set<string> | null) => (types ? [...types].join(' | ') : 'any type');
    const lost = !b ? true : [...b].some((type) => !accepts(a, type));
    const gained = !a ? true : [...a].some((type) => !accepts(b, type));
    if (lost) this.narrowed('type_narrowed', path, `${where(path)}: type narrowed from ${describe(b)} to ${describe(a)}`);
    if (gained) this.widened('type_widened', path, `${where(path)}: type widened from ${describe(b)} to ${describe(a)}`);
  }

  private enums(before: Record<string, unknown>, after: Record<string, unknown>, path: string) {
    const values = (schema: Record<string, unknown>): Json[] | null => (Array.isArray(schema.enum) ? schema.enum : null);
    const b = values(before);
    const a = values(after);
    if (!b && !a) return;
    if (b && !a) {
      this.widened('enum_value_added', path, `${where(path)}: no longer limited to ${b.map(show).join(', ')}`);
      return;
    }
    if (!b && a) {
      this.narrowed('enum_value_removed', path, `${where(path)}: now limited to ${a.map(show).join(', ')}`);
      return;
    }
    const removed = b!.filter((value) => !a!.some((other) => same(value, other)));
    const added = a!.filter((value) => !b!.some((other) => same(value, other)));
    if (removed.length > 0) this.narrowed('enum_value_removed', path, `${where(path)}: enum value${removed.length > 1 ? 's' : ''} ${removed.map(show).join(', ')} removed`);
    if (added.length > 0) this.widened('enum_value_added', path, `${where(path)}: enum value${added.length > 1 ? 's' : ''} ${added.map(show).join(', ')} added`);
  }

  private constraints(before: Record<string, unknown>, after: Record<string, unknown>, path: string) {
    const bound = (keyword: string, tighter: (b: number, a: number) => boolean) => {
      const b = before[keyword];
      const a = after[keyword];
      if (same(b, a)) return;
      const bn = typeof b === 'number' ? b : null;
      const an = typeof a === 'number' ? a : null;
      if (bn === null || (an !== null && tighter(bn, an))) this.narrowed('constraint_tightened', path, `${where(path)}: ${keyword} ${bn === null ? 'added' : `changed from ${bn}`}${an === null ? '' : ` to ${an}`}`);
      else this.widened('constraint_loosened', path, `${where(path)}: ${keyword} ${an === null ? 'removed' : `changed from ${bn} to ${an}`}`);
    };
    for (const keyword of LOWER_BOUNDS) bound(keyword, (b, a) => a > b);
    for (const keyword of UPPER_BOUNDS) bound(keyword, (b, a) => a < b);
    for (const keyword of EXACT_CONSTRAINTS) {
      if (same(before[keyword], after[keyword])) continue;
      if (before[keyword] === undefined) this.narrowed('constraint_tightened', path, `${where(path)}: ${keyword} ${show(after[keyword])} added`);
      else if (after[keyword] === undefined) this.widened('constraint_loosened', path, `${where(path)}: ${keyword} removed`);
      else this.add('breaking', 'constraint_tightened', path, `${where(path)}: ${keyword} changed from ${show(before[keyword])} to ${show(after[keyword])}`);
    }
  }

  private objects(before: Record<string, unknown>, after: Record<string, unknown>, path: string, depth: number) {
    const props = (schema: Record<string, unknown>) => (isObject(schema.properties) ? schema.properties : {});
    const required = (schema: Record<string, unknown>) => new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const bProps = props(before);
    const aProps = props(after);
    const bRequired = required(before);
    const aRequired = required(after);
    const removed = Object.keys(bProps).filter((name) => !(name in aProps));
    const added = Object.keys(aProps).filter((name) => !(name in bProps));
    const renamedTo = new Map<string, string>();
    for (const name of removed) {
      const twin = added.find((candidate) => !([...renamedTo.values()].includes(candidate)) && same(this.resolve(bProps[name], this.beforeRoot), this.resolve(aProps[candidate], this.afterRoot)));
      if (twin) renamedTo.set(name, twin);
    }
    for (const name of removed) {
      const twin = renamedTo.get(name);
      if (twin) this.add('breaking', 'property_renamed', pointer(path, name), `field \`${pointer(path, name).slice(1)}\` renamed to \`${pointer(path, twin).slice(1)}\``);
      else this.add('breaking', 'property_removed', pointer(path, name), `field \`${pointer(path, name).slice(1)}\` removed`);
    }
    const renamedTargets = new Set(renamedTo.values());
    for (const name of added) {
      if (renamedTargets.has(name)) continue;
      if (aRequired.has(name)) this.narrowed('required_added', pointer(path, name), `required field \`${pointer(path, name).slice(1)}\` added`);
      else this.add('additive', 'property_added', pointer(path, name), `optional field \`${pointer(path, name).slice(1)}\` added`);
    }
    for (const name of aRequired) {
      if (name in bProps && !bRequired.has(name)) this.narrowed('required_added', pointer(path, name), `field \`${pointer(path, name).slice(1)}\` became required`);
      if (!(name in aProps) && !(name in bProps) && !bRequired.has(name)) this.narrowed('required_added', pointer(path, name), `required field \`${pointer(path, name).slice(1)}\` added`);
    }
    for (const name of bRequired) {
      if (!aRequired.has(name) && name in aProps) this.widened('required_removed', pointer(path, name), `field \`${pointer(path, name).slice(1)}\` is no longer required`);
    }
    for (const name of Object.keys(bProps)) {
      if (name in aProps) this.compare(bProps[name], aProps[name], pointer(path, name), depth + 1);
    }
    const closed = (schema: Record<string, unknown>) => schema.additionalProperties === false;
    if (!closed(before) && closed(after)) this.narrowed('additional_properties_closed', path, `${where(path)}: fields not listed in the schema are no longer accepted`);
    else if (closed(before) && !closed(after)) this.widened('additional_properties_opened', path, `${where(path)}: fields not listed in the schema are now accepted`);
    else if (isObject(before.additionalProperties) || isObject(after.additionalProperties)) {
      this.compare(before.additionalProperties, after.additionalProperties, `${path}/*`, depth + 1);
    }
  }

  private compositions(before: Record<string, unknown>, after: Record<string, unknown>, path: string) {
    for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
      const b = Array.isArray(before[keyword]) ? (before[keyword] as Json[]) : [];
      const a = Array.isArray(after[keyword]) ? (after[keyword] as Json[]) : [];
      if (same(b, a)) continue;
      const lost = b.filter((branch) => !a.some((other) => same(branch, other)));
      const gained = a.filter((branch) => !b.some((other) => same(branch, other)));
      // allOf is a conjunction: more branches accept less.
      const [narrow, wide] = keyword === 'allOf' ? [gained, lost] : [lost, gained];
      if (keyword === 'oneOf' && gained.length > 0 && lost.length === 0) {
        this.add('breaking', 'composition_changed', path, `${where(path)}: oneOf branches added (a value may now match two branches)`);
        continue;
      }
      if (narrow.length > 0) this.narrowed('composition_changed', path, `${where(path)}: ${keyword} ${keyword === 'allOf' ? 'condition added' : `alternative${narrow.length > 1 ? 's' : ''} removed`}`);
      if (wide.length > 0) this.widened('composition_changed', path, `${where(path)}: ${keyword} ${keyword === 'allOf' ? 'condition removed' : `alternative${wide.length > 1 ? 's' : ''} added`}`);
    }
  }
}

/** Every change between two schemas, breaking ones first. */
export function compareSchemas(before: unknown, after: unknown, direction: SchemaDirection): SchemaChange[] {
  const comparison = new Comparison(before, after, direction);
  comparison.compare(before, after, '', 0);
  const order: Record<ChangeSeverity, number> = { breaking: 0, additive: 1, cosmetic: 2 };
  return comparison.changes.sort((x, y) => order[x.severity] - order[y.severity]);
}
