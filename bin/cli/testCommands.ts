import { readFileSync, writeFileSync } from 'node:fs';
import { CLI_ACTOR } from '../../lib/audit';
import { db } from '../../lib/db/client';
import { getReleaseGateResult, getTestRun, runReleaseSuites, RunRefusedError, runToJUnitXml, saveSuiteVersion, type McpTarget } from '../../lib/suites';
import { parseOptions, requireString, UsageError } from './args';
import { withDatabase } from './withDatabase';

const USAGE = `usage: warden test run --release ID|NAME [--env staging] [--url http://localhost:3000] [--junit FILE] [--mcp-url URL | --mcp-command CMD]
       warden test suite push --file suite.json
       warden test demo                     register the demo tools, suites and releases`;

async function resolveRelease(reference: string): Promise<string> {
  const byName = await db().release.findUnique({ where: { name: reference } }).catch(() => null);
  return byName?.id ?? reference;
}

function targetFrom(values: Record<string, unknown>): McpTarget | undefined {
  if (typeof values['mcp-url'] === 'string' && typeof values['mcp-command'] === 'string') throw new UsageError('give --mcp-url or --mcp-command, not both');
  if (typeof values['mcp-url'] === 'string') return { transport: 'http', url: values['mcp-url'], label: `staging MCP server ${values['mcp-url']}` };
  if (typeof values['mcp-command'] === 'string') {
    const [command, ...args] = values['mcp-command'].trim().split(/\s+/);
    return { transport: 'stdio', command: command!, args, label: `staging MCP server \`${values['mcp-command']}\` (stdio)` };
  }
  return undefined;
}

/** The run's records reach Warden through its ingest API: without a server answering there is no evidence. */
async function requireWarden(url: string): Promise<void> {
  try {
    await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
  } catch {
    throw new RunRefusedError(`Warden does not answer at ${url}: start it (npm start) or pass --url`);
  }
}

async function runCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, {
    release: { type: 'string' }, env: { type: 'string' }, url: { type: 'string' }, junit: { type: 'string' }, 'mcp-url': { type: 'string' }, 'mcp-command': { type: 'string' },
  });
  const environment = values.env ?? 'staging';
  if (environment !== 'staging') throw new UsageError(`suites run in staging only (got --env ${environment}): production is reached by promotion, never by a dry run`);
  const reference = requireString(values, 'release');
  const url = String(values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  const target = targetFrom(values);
  return withDatabase(async () => {
    await requireWarden(url);
    const releaseId = await resolveRelease(reference);
    const report = await runReleaseSuites({ releaseId, wardenUrl: url, target, trigger: 'cli', actor: CLI_ACTOR });
    const run = (await getTestRun(report.runId))!;
    console.log(`Release ${run.releaseName} · run ${run.id} · ${run.target}`);
    for (const testCase of run.cases) {
      const mark = testCase.outcome === 'passed' ? '✓' : testCase.outcome === 'failed' ? '✗' : '!';
      console.log(`  ${mark} ${testCase.kind.padEnd(10)} ${testCase.suite} › ${testCase.caseName}${testCase.outcome === 'passed' ? '' : ` — ${testCase.reasons.join('; ')}`}`);
      if (testCase.outcome !== 'passed') {
        if (testCase.executionSeq) console.log(`      execution: ${url}/executions/staging/${testCase.executionSeq}`);
        if (testCase.likelyCause) console.log(`      likely cause: ${testCase.likelyCause.explanation} (${url}${testCase.likelyCause.link})`);
      }
    }
    if (typeof values.junit === 'string') {
      writeFileSync(values.junit, runToJUnitXml(run, url));
      console.log(`JUnit XML written to ${values.junit}`);
    }
    const gate = await getReleaseGateResult(releaseId);
    console.log(`${report.status === 'passed' ? 'PASSED' : 'FAILED'}: ${report.summary}`);
    console.log(`Promotion gate: ${gate.status} — ${gate.summary}`);
    console.log(`${report.passed} passed, ${report.failed + report.errored} failed`);
    return report.status === 'passed' ? 0 : 1;
  });
}

async function suiteCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'push') throw new UsageError(USAGE);
  const values = parseOptions(rest, { file: { type: 'string' } });
  const file = requireString(values, 'file');
  let definition: unknown;
  try {
    definition = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const saved = await withDatabase(() => saveSuiteVersion(definition, CLI_ACTOR));
  if (!saved.ok) {
    for (const [field, messages] of Object.entries(saved.fields)) console.error(`  ${field}: ${messages.join('; ')}`);
    return 1;
  }
  console.log(`${saved.created ? 'Saved' : 'Unchanged:'} suite version ${saved.version} (${saved.cases} cases).`);
  return 0;
}

async function demoCommand(): Promise<number> {
  const { seedSuiteDemo, DEMO_RELEASES } = await import('../../lib/suites/demoSuites');
  const seeded = await withDatabase(() => seedSuiteDemo(CLI_ACTOR));
  for (const [key, id] of Object.entries(seeded.releases)) console.log(`${DEMO_RELEASES[key as keyof typeof DEMO_RELEASES].name}  ${id}`);
  console.log('Run one: npx warden test run --release demo-2025.11-fixed');
  return 0;
}

export async function testCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'run') return await runCommand(rest);
    if (sub === 'suite') return await suiteCommand(rest);
    if (sub === 'demo') return await demoCommand();
  } catch (error) {
    if (error instanceof RunRefusedError) {
      console.error(`warden: ${error.message}`);
      return 1;
    }
    throw error;
  }
  throw new UsageError(USAGE);
}
