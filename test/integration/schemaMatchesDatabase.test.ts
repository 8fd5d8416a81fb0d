import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrismaSchema } from '../support/prismaSchema';
import { schemaDifferences } from '../support/schemaDiff';
import { freshDatabase } from '../support/freshDatabase';

const schema = parsePrismaSchema(path.join(process.cwd(), 'prisma', 'schema.prisma'));

describe('schema.prisma and the migrated database', () => {
  let url: string;
  beforeAll(async () => {
    url = await freshDatabase();
  });

  it('declares models the reader understood', () => {
    expect(schema.models.map((model) => model.name)).toEqual(expect.arrayContaining(['User', 'SignInAttempt', 'Execution', 'ApiToken']));
    expect(schema.enums.get('Role')).toEqual(['analyst', 'lead', 'admin']);
  });

  it('agree on every table, column, type, nullability, default, key, index and enum', async () => {
    expect(await schemaDifferences(schema, url)).toEqual([]);
  });

  it('reports drift in either direction (the check can fail)', async () => {
    const drifted = await freshDatabase();
    const client = new pg.Client({ connectionString: drifted });
    await client.connect();
    await client.query(`
      ALTER TABLE users ALTER COLUMN name SET NOT NULL;
      ALTER TABLE users ALTER COLUMN session_epoch TYPE bigint;
      DROP INDEX sign_in_attempts_ip_created_at_idx;
      CREATE INDEX stray_idx ON users (created_at);
      ALTER TABLE users ADD COLUMN unmodelled text;
      CREATE TABLE stray_table (id int);`);
    await client.end();
    const differences = (await schemaDifferences(schema, drifted)).join('\n');
    expect(differences).toContain('User.name (users.name): NOT NULL in the database, schema says optional');
    expect(differences).toContain('User.sessionEpoch (users.session_epoch): type is bigint, schema says integer');
    expect(differences).toContain('index sign_in_attempts_ip_created_at_idx(ip, created_at) is missing');
    expect(differences).toContain('index stray_idx(created_at) exists in the database but not in the schema');
    expect(differences).toContain('users.unmodelled exists in the database but is not a field of User');
    expect(differences).toContain('table stray_table exists in the database but no model maps to it');
  });
});
