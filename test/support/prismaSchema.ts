import { readFileSync } from 'node:fs';

/**
 * A reader for the subset of Prisma Schema Language Warden uses, so a test can compare the
 * declared model with what the migrations built. It fails loudly on anything it does not know.
 */
export interface ModelField {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  nativeType: string | null;
  isId: boolean;
  isUnique: boolean;
  hasDefault: boolean;
}

export interface ModelIndex {
  columns: string[];
  unique: boolean;
  name: string;
}

export interface Model {
  name: string;
  table: string;
  fields: ModelField[];
  primaryKey: string[];
  indexes: ModelIndex[];
}

export interface ParsedSchema {
  models: Model[];
  enums: Map<string, string[]>;
}

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Json', 'Float', 'Decimal', 'Bytes']);

function blocks(source: string, keyword: string): Array<{ name: string; body: string }> {
  const pattern = new RegExp(`^${keyword}\\s+(\\w+)\\s*\\{([\\s\\S]*?)^\\}`, 'gm');
  return [...source.matchAll(pattern)].map((match) => ({ name: match[1]!, body: match[2]! }));
}

function stringArg(attributes: string, attribute: string): string | null {
  return new RegExp(`${attribute}\\(\\s*"([^"]+)"`).exec(attributes)?.[1] ?? null;
}

function fieldList(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    if (!/^\w+$/.test(part)) throw new Error(`unsupported index field syntax: ${part}`);
    return part;
  });
}

export function parsePrismaSchema(file: string): ParsedSchema {
  const source = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const enums = new Map(blocks(source, 'enum').map(({ name, body }) => [name, body.split(/\s+/).filter(Boolean)]));
  const modelNames = new Set(blocks(source, 'model').map((block) => block.name));
  const models = blocks(source, 'model').map(({ name, body }): Model => {
    const table = stringArg(body, '@@map') ?? name;
    const fields: ModelField[] = [];
    const blockAttributes: string[] = [];
    for (const rawLine of body.split('\n')) {
      const line = rawLine.trim();
      if (!line) continue;
      if (line.startsWith('@@')) {
        blockAttributes.push(line);
        continue;
      }
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!match) throw new Error(`cannot read field line in model ${name}: ${line}`);
      const [, fieldName, type, list, optional, attributes = ''] = match;
      if (modelNames.has(type!)) throw new Error(`relation fields are not supported by this reader yet (${name}.${fieldName})`);
      if (!SCALARS.has(type!) && !enums.has(type!)) throw new Error(`unknown type ${type} in ${name}.${fieldName}`);
      fields.push({
        name: fieldName!,
        column: stringArg(attributes, '@map') ?? fieldName!,
        type: type!,
        optional: Boolean(optional),
        list: Boolean(list),
        nativeType: /@db\.(\w+(?:\([^)]*\))?)/.exec(attributes)?.[1] ?? null,
        isId: /@id\b/.test(attributes),
        isUnique: /@unique\b/.test(attributes),
        hasDefault: /@default\(/.test(attributes),
      });
    }
    const column = (fieldName: string) => {
      const field = fields.find((candidate) => candidate.name === fieldName);
      if (!field) throw new Error(`${name} has no field ${fieldName}`);
      return field.column;
    };
    const primaryKey = fields.filter((field) => field.isId).map((field) => field.column);
    const indexes: ModelIndex[] = fields
      .filter((field) => field.isUnique)
      .map((field) => ({ columns: [field.column], unique: true, name: `${table}_${field.column}_key` }));
    for (const attribute of blockAttributes) {
      const match = /^@@(index|unique|id)\(\[([^\]]*)\](.*)\)$/.exec(attribute);
      if (!match) {
        if (attribute.startsWith('@@map(')) continue;
        throw new Error(`unsupported block attribute in ${name}: ${attribute}`);
      }
      const columns = fieldList(match[2]!).map(column);
      if (match[1] === 'id') {
        primaryKey.push(...columns);
        continue;
      }
      const suffix = match[1] === 'unique' ? 'key' : 'idx';
      indexes.push({ columns, unique: match[1] === 'unique', name: /map:\s*"([^"]+)"/.exec(match[3]!)?.[1] ?? `${table}_${columns.join('_')}_${suffix}` });
    }
    return { name, table, fields, primaryKey, indexes };
  });
  return { models, enums };
}
