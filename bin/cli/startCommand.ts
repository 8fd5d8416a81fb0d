import { spawn } from 'node:child_process';
import { authSecret, ensureFirstAdmin } from '../../lib/auth';
import { applyMigrations, disconnectDb, ensureExecutionPartitions, openDatabase } from '../../lib/db';
import { parseOptions } from './args';
import { buildIfNeeded, nextBin } from './nextBuild';
import { seedDemoDataIfEmpty } from './seedDemoData';

const PARTITION_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** `warden start` (what `npm start` runs): build if needed, database, migrations, first admin, serve. */
export async function startCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, { port: { type: 'string' }, hostname: { type: 'string' } });
  const port = String(values.port ?? process.env.PORT ?? 3000);
  const root = process.cwd();
  buildIfNeeded(root);

  const database = await openDatabase();
  console.log(database.embedded ? `Embedded PostgreSQL running (data in .warden/pg).` : 'Using PostgreSQL from DATABASE_URL.');
  let stopping = false;
  const stopDatabase = async () => {
    if (stopping) return;
    stopping = true;
    await disconnectDb().catch(() => {});
    await database.stop().catch((error) => console.error('Stopping PostgreSQL failed:', error));
  };
  try {
    process.env.DATABASE_URL = database.url;
    const report = await applyMigrations(database.url);
    console.log(`Migrations: ${report.applied.length} applied, ${report.alreadyApplied.length} already in place.`);
    await ensureExecutionPartitions(database.url);
    const admin = await ensureFirstAdmin();
    if (admin?.generatedPassword) {
      console.log(`\nFirst admin created: ${admin.email}\nPassword (shown once, store it now): ${admin.generatedPassword}\n`);
    } else if (admin) {
      console.log(`First admin created: ${admin.email} (password from WARDEN_ADMIN_PASSWORD).`);
    }
    await disconnectDb();
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  const url = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
  const hostnameArgs = typeof values.hostname === 'string' ? ['-H', values.hostname] : [];
  const server = spawn(process.execPath, [nextBin(root), 'start', '-p', port, ...hostnameArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PORT: port, NODE_ENV: 'production', NEXTAUTH_SECRET: authSecret(), NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: '1' },
  });
  console.log(`Warden is starting on ${url}`);
  // Partitions for the months ahead are made at every start and re-checked while running.
  const partitionTimer = setInterval(() => {
    ensureExecutionPartitions(database.url).catch((error) => console.error('Partition maintenance failed:', error));
  }, PARTITION_CHECK_INTERVAL_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => server.kill(signal));
  }
  void seedDemoDataIfEmpty(`http://localhost:${port}`, database.embedded);
  const code = await new Promise<number>((resolve) => server.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 0 : 1))));
  clearInterval(partitionTimer);
  await stopDatabase();
  return code;
}
