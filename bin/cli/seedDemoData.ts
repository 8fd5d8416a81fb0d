import { runDemo } from '../../lib/demo';
import { db, disconnectDb } from '../../lib/db';
import { waitForHealth } from '../../lib/http/waitForHealth';

const DEMO_SPLIT = [['staging', 14_000], ['production', 6_000]] as const;

/**
 * First look at a new embedded install: ~20k records of real MCP demo sessions (SDK clients against
 * the recorded demo server) sent through the real ingest API once the server answers. Skipped with
 * WARDEN_DEMO=0, on a DATABASE_URL server, or when data exists.
 */
export async function seedDemoDataIfEmpty(url: string, embedded: boolean): Promise<void> {
  if (process.env.WARDEN_DEMO === '0' || !embedded) return;
  try {
    if ((await db().execution.count()) > 0 || (await db().quarantinedLine.count()) > 0) return;
    if (!(await waitForHealth(url, 120_000))) return;
    console.log('Seeding demo data through the ingest API (set WARDEN_DEMO=0 to skip)…');
    for (const [environment, events] of DEMO_SPLIT) {
      const started = performance.now();
      const report = await runDemo({ url, events, environment });
      console.log(`Demo data: ${report.accepted} ${environment} executions recorded and ingested in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    }
  } catch (error) {
    console.error(`Demo data could not be seeded: ${(error as Error).message}`);
  } finally {
    await disconnectDb();
  }
}
