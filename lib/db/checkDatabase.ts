import { db } from './client';

/** Round-trips to the database; false (never a throw) when it cannot be reached. */
export async function databaseReachable(): Promise<boolean> {
  try {
    await db().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
