import { UserInputError } from '../../lib/auth';
import { TokenInputError } from '../../lib/tokens';
import { applyMigrations, DataDirectoryBusyError, MigrationError, openDatabase } from '../../lib/db';
import { DemoError } from '../../lib/demo';
import { UsageError } from './args';
import { demoCommand } from './demoCommand';
import { exportCommand, verifyCommand } from './ledgerCommands';
import { PROMPT_HELP, promptCommand } from './promptCommands';
import { startCommand } from './startCommand';
import { testCommand } from './testCommands';
import { TOOL_HELP, toolCommand } from './toolCommands';
import { TOKEN_ADMIN_USAGE } from './tokenAdminCommands';
import { tokenCommand } from './tokenCommands';
import { userCommand } from './userCommands';

const HELP = `warden — the Warden console and its administration

  warden start [--port 3000] [--hostname H]   build if needed, migrate, create the first admin, serve
  warden migrate                              apply pending migrations from prisma/migrations
  warden user create --email E [--role analyst|lead|admin] [--name N] [--password-stdin]
  warden user reset-password --email E [--password-stdin]
  warden user deactivate|activate --email E
  warden token create --name N --env staging|production --scopes ingest:write[,…] [--expires 90d|never]
${TOKEN_ADMIN_USAGE}
  warden verify --env staging|production|console [--pubkey KEY|FILE]…  recompute every leaf, the chain and signed roots
  warden verify --export FILE --pubkey KEY|FILE…              the same from an export, with no database (every key it was signed with)
  warden export --env staging|production|console --out FILE
  warden test run --release ID|NAME [--env staging] [--url U] [--junit FILE] [--mcp-url URL | --mcp-command CMD]
                                              run the release's suites against the staging MCP server; exit 1 on failure
  warden test suite push --file suite.json    save a suite (cases, enabled attacks) as its next version
  warden test demo                            register the demo tools, suites and releases
${PROMPT_HELP}
${TOOL_HELP}
  warden demo [--events 1000] [--env staging] [--url http://localhost:3000] [--token wdn_…] [--seed N]

Without --password-stdin a strong password is generated and printed once.
Uses DATABASE_URL when set, else the embedded PostgreSQL under .warden/pg.`;

async function migrateCommand(): Promise<number> {
  const database = await openDatabase({ shareRunning: true });
  try {
    const report = await applyMigrations(database.url);
    for (const name of report.applied) console.log(`applied  ${name}`);
    console.log(`${report.applied.length} applied, ${report.alreadyApplied.length} already applied.`);
    return 0;
  } finally {
    await database.stop();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'start':
        return await startCommand(args);
      case 'migrate':
        return await migrateCommand();
      case 'user':
        return await userCommand(args);
      case 'token':
        return await tokenCommand(args);
      case 'demo':
        return await demoCommand(args);
      case 'verify':
        return await verifyCommand(args);
      case 'export':
        return await exportCommand(args);
      case 'prompt':
        return await promptCommand(args);
      case 'test':
        return await testCommand(args);
      case 'tool':
        return await toolCommand(args);
      case undefined:
      case 'help':
      case '--help':
        console.log(HELP);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`warden: ${error.message}\n\n${HELP}`);
      return 2;
    }
    if (error instanceof MigrationError || error instanceof DataDirectoryBusyError || error instanceof UserInputError || error instanceof TokenInputError || error instanceof DemoError) {
      console.error(`warden: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
