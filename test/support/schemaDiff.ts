import pg from 'pg';
import type { ModelField, ParsedSchema } from './prismaSchema';

const SCALAR_TYPES: Record<string, string> = {
  String: 'text', Int: 'integer', BigInt: 'bigint', Boolean: 'boolean', Float: 'double precision',
  Decimal: 'numeric(65,30)', Json: 'jsonb', Bytes: 'bytea', DateTime: 'timestamp(3) without time zone',
};

function nativeType(native: string): string {
  const match = /^(\w+)(?:\(([^)]*)\))?$/.exec(native);
  const [, name, args] = match ?? [];
  switch (name) {
    case 'Uuid': return 'uuid';
    case 'Text': return 'text';
    case 'VarChar': return `character varying(${args})`;
    case 'Char': return `character(${args})`;
    case 'Timestamptz': return `timestamp(${args ?? 6}) with time zone`;
    case 'Timestamp': return `timestamp(${args ?? 6}) without time zone`;
    case 'Date': return 'date';
    case 'Inet': return 'inet';
    case 'SmallInt': return 'smallint';
    case 'JsonB': return 'jsonb';
    case 'Json': return 'json';
    default: throw new Error(`add native type @db.${native} to test/support/schemaDiff.ts`);
  }
}

export function expectedColumnType(field: ModelField): string {
  const base = field.nativeType ? nativeType(field.nativeType) : SCALAR_TYPES[field.type] ?? field.type;
  return field.list ? `${base}[]` : base;
}

interface ColumnRow { table: string; column: string; type: string; notnull: boolean; hasdefault: boolean }
interface IndexRow { table: string; name: string; unique: boolean; primary: boolean; columns: string[] }

/**
 * Every difference between the models in schema.prisma and the tables in the database, both ways:
 * a modelled thing the database lacks, or a database thing the schema does not model.
 */
export async function schemaDifferences(schema: ParsedSchema, databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = (await client.query<ColumnRow>(`
      SELECT c.relname AS table, a.attname AS column, replace(format_type(a.atttypid, a.atttypmod), '"', '') AS type,
             a.attnotnull AS notnull, a.atthasdef AS hasdefault
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`)).rows;
    const indexes = (await client.query<IndexRow>(`
      SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
             array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
      FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND NOT t.relispartition AND t.relname <> '_prisma_migrations'`)).rows;
    const enums = (await client.query<{ name: string; labels: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`)).rows;

    const differences: string[] = [];
    const modelTables = new Set(schema.models.map((model) => model.table));
    for (const table of new Set(columns.map((row) => row.table))) {
      if (!modelTables.has(table)) differences.push(`table ${table} exists in the database but no model maps to it`);
    }
    for (const model of schema.models) {
      const tableColumns = columns.filter((row) => row.table === model.table);
      if (tableColumns.length === 0) {
        differences.push(`model ${model.name}: table ${model.table} is missing`);
        continue;
      }
      for (const row of tableColumns) {
        if (!model.fields.some((field) => field.column === row.column)) {
          differences.push(`${model.table}.${row.column} exists in the database but is not a field of ${model.name}`);
        }
      }
      for (const field of model.fields) {
        const row = tableColumns.find((candidate) => candidate.column === field.column);
        const where = `${model.name}.${field.name} (${model.table}.${field.column})`;
        if (!row) {
          differences.push(`${where}: column missing`);
          continue;
        }
        const expected = expectedColumnType(field);
        if (row.type !== expected) differences.push(`${where}: type is ${row.type}, schema says ${expected}`);
        // Prisma creates scalar lists without NOT NULL (a list is never optional in PSL).
        const expectNullable = field.optional || field.list;
        if (row.notnull === expectNullable) differences.push(`${where}: ${row.notnull ? 'NOT NULL' : 'nullable'} in the database, schema says ${expectNullable ? 'optional' : 'required'}`);
        if (row.hasdefault !== field.hasDefault) differences.push(`${where}: database ${row.hasdefault ? 'has' : 'has no'} default, schema ${field.hasDefault ? 'declares' : 'declares none'}`);
      }
      const tableIndexes = indexes.filter((row) => row.table === model.table);
      const primary = tableIndexes.find((row) => row.primary);
      if (!primary || primary.name !== `${model.table}_pkey` || primary.columns.join(',') !== model.primaryKey.join(',')) {
        differences.push(`${model.name}: primary key is ${primary ? `${primary.name}(${primary.columns})` : 'missing'}, schema says ${model.table}_pkey(${model.primaryKey})`);
      }
      const describe = (index: { name: string; unique: boolean; columns: string[] }) =>
        `${index.unique ? 'unique ' : ''}index ${index.name}(${index.columns.join(', ')})`;
      const actual = new Set(tableIndexes.filter((row) => !row.primary).map(describe));
      const declared = new Set(model.indexes.map(describe));
      for (const index of declared) if (!actual.has(index)) differences.push(`${model.name}: ${index} is missing from the database`);
      for (const index of actual) if (!declared.has(index)) differences.push(`${model.table}: ${index} exists in the database but not in the schema`);
    }
    const databaseEnums = new Map(enums.map((row) => [row.name, row.labels.join(',')]));
    for (const [name, labels] of schema.enums) {
      if (databaseEnums.get(name) !== labels.join(',')) differences.push(`enum ${name}: database has ${databaseEnums.get(name) ?? 'nothing'}, schema says ${labels.join(',')}`);
    }
    for (const name of databaseEnums.keys()) {
      if (!schema.enums.has(name)) differences.push(`enum ${name} exists in the database but not in the schema`);
    }
    return differences;
  } finally {
    await client.end();
  }
}
