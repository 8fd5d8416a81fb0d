import { TEAMS } from '../../demo/catalogue';
import { Rng } from '../../demo/random';
import { fakeSecrets } from './fakeFiles';

/**
 * The demo server's database: a few tables per team schema, generated from a seed and answered by a
 * deliberately tiny SQL reader (the statement kind and the first table named). It never connects anywhere.
 */
export const TABLES = ['orders', 'customers', 'invoices', 'events', 'refunds', 'integrations'] as const;

export class FakeSqlError extends Error {}

type Row = Record<string, unknown>;

const generated = new Map<string, Row[]>();

/** The same rows every time for a table (generated once): a real table does not change between two reads either. */
function rowsFor(schema: string, table: string): Row[] {
  const key = `${schema}.${table}`;
  let rows = generated.get(key);
  if (!rows) generated.set(key, (rows = generateRows(schema, table)));
  return rows;
}

function generateRows(schema: string, table: string): Row[] {
  const r = new Rng(schema.length * 1000 + table.length * 17 + table.charCodeAt(0));
  if (table === 'integrations') {
    // Where the "secret in an output" scenario finds its key: an API key stored in a table it should not be in.
    return ['stripe', 'sendgrid', 'segment'].map((provider, i) => ({ id: i + 1, provider, api_key: provider === 'stripe' ? fakeSecrets(r).stripeKey : `${provider}_${r.hex(24)}`, enabled: true }));
  }
  return Array.from({ length: 12 }, (_, i) => ({
    id: 100_000 + i * r.int(3, 97),
    status: r.pick(['paid', 'pending', 'failed', 'refunded']),
    amount_cents: r.int(199, 99_900),
    customer_email: `customer${r.int(10, 999)}@example.com`,
    created_at: new Date(Date.UTC(2025, 6, 15, r.int(0, 23), r.int(0, 59))).toISOString(),
  }));
}

const SCHEMAS = new Set(TEAMS.map((team) => team.dbSchema));

export interface QueryResult {
  command: string;
  rowCount: number;
  rows?: Row[];
}

export function runFakeQuery(sql: string, options: { limit?: number; allowWrite?: boolean }): QueryResult {
  const statement = sql.trim().replace(/;\s*$/, '');
  const command = (/^(\w+)/.exec(statement)?.[1] ?? '').toUpperCase();
  const target = /\b(?:from|update|into|table)\s+([a-z_]+)\.([a-z_]+)/i.exec(statement);
  if (!command) throw new FakeSqlError('syntax error at end of input');
  if (!target) throw new FakeSqlError(`relation in "${statement.slice(0, 60)}" is not schema-qualified`);
  const [, schema = '', table = ''] = target;
  if (!SCHEMAS.has(schema) || !(TABLES as readonly string[]).includes(table)) throw new FakeSqlError(`relation "${schema}.${table}" does not exist`);
  if (command === 'SELECT') {
    const rows = rowsFor(schema, table);
    if (/count\(\*\)/i.test(statement)) return { command, rowCount: 1, rows: [{ count: rows.length * 1375 }] };
    const limited = rows.slice(0, Math.max(1, Math.min(options.limit ?? 20, 100)));
    return { command, rowCount: limited.length, rows: limited };
  }
  if (['UPDATE', 'DELETE', 'INSERT', 'ALTER', 'DROP', 'TRUNCATE'].includes(command)) {
    if (!options.allowWrite) throw new FakeSqlError('cannot execute ' + command + ' in a read-only transaction');
    return { command, rowCount: command === 'ALTER' || command === 'DROP' ? 0 : 40 + (statement.length % 900) };
  }
  throw new FakeSqlError(`${command} is not supported`);
}
