import pg from 'pg';

export const PARTITION_MONTHS_AHEAD = 3;

/** Creates the monthly executions partitions from last month to a few months ahead (idempotent). */
export async function ensureExecutionPartitions(databaseUrl: string, monthsAhead = PARTITION_MONTHS_AHEAD): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ created: number }>('SELECT warden_ensure_execution_partitions($1) AS created', [monthsAhead]);
    return rows[0]?.created ?? 0;
  } finally {
    await client.end();
  }
}
