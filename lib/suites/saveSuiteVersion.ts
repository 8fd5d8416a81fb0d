import { createHash } from 'node:crypto';
import { recordConsoleAction, type ConsoleActor } from '../audit';
import { db } from '../db/client';
import { canonicalJson } from '../ledger/canonicalJson';
import { attackCases } from './attackLibrary';
import { suiteSchema, type CaseDefinition, type SuiteDefinition } from './suiteDefinition';

export type SaveSuiteResult =
  | { ok: true; suiteId: string; versionId: string; version: number; created: boolean; cases: number }
  | { ok: false; fields: Record<string, string[]> };

/** The input schema of the tool's newest registered version, which tells attacks where the payload goes. */
async function latestInputSchema(toolName: string): Promise<unknown> {
  const tool = await db().tool.findUnique({ where: { name: toolName } });
  if (!tool) return undefined;
  const version = await db().toolVersion.findFirst({ where: { toolId: tool.id }, orderBy: [{ major: 'desc' }, { minor: 'desc' }, { patch: 'desc' }, { createdAt: 'desc' }] });
  return (version?.manifest as { inputSchema?: unknown } | undefined)?.inputSchema;
}

function fieldErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[issue.path.map(String).join('.') || 'suite'] ??= []).push(issue.message);
  return fields;
}

/**
 * Saves a suite definition as its next immutable version, with the enabled built-in attacks expanded
 * into cases. Saving the same content again returns the existing version (created: false).
 */
export async function saveSuiteVersion(input: unknown, actor: ConsoleActor): Promise<SaveSuiteResult> {
  const parsed = suiteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error.issues) };
  const suite: SuiteDefinition = parsed.data;
  let cases: CaseDefinition[] = suite.cases.map((testCase) => ({ ...testCase }));
  if (suite.attacks.length > 0) {
    const expanded = attackCases(suite.attacks, await latestInputSchema(suite.subject.name), suite.attackOptions);
    const missing = suite.attacks.filter((id) => !expanded.some((testCase) => testCase.name === `attack:${id}`));
    if (missing.length > 0) {
      return { ok: false, fields: { 'attackOptions.argument': [`${missing.join(', ')} need a string argument for the payload: name it, or register ${suite.subject.name} with its input schema first`] } };
    }
    cases = [...cases, ...expanded];
  }
  if (cases.length === 0) return { ok: false, fields: { cases: ['a suite needs at least one case or attack'] } };
  const content = { subject: suite.subject, cases, attacks: suite.attacks, attackOptions: suite.attackOptions ?? null };
  const checksum = createHash('sha256').update(canonicalJson(content)).digest('hex');

  const outcome = await db().$transaction(async (tx) => {
    const row = await tx.testSuite.upsert({
      where: { name: suite.name },
      create: { name: suite.name, subjectKind: suite.subject.kind, subjectName: suite.subject.name, description: suite.description ?? null, createdBy: actor.label },
      update: {},
    });
    if (row.subjectKind !== suite.subject.kind || row.subjectName !== suite.subject.name) {
      return { conflict: `suite ${suite.name} tests ${row.subjectKind} ${row.subjectName}` } as const;
    }
    await tx.$queryRaw`SELECT id FROM test_suites WHERE id = ${row.id}::uuid FOR UPDATE`;
    const latest = await tx.testSuiteVersion.findFirst({ where: { suiteId: row.id }, orderBy: { version: 'desc' } });
    if (latest?.checksum === checksum) return { suiteId: row.id, versionId: latest.id, version: latest.version, created: false } as const;
    const version = await tx.testSuiteVersion.create({
      data: { suiteId: row.id, version: (latest?.version ?? 0) + 1, checksum, attacks: suite.attacks, attackOptions: (suite.attackOptions ?? undefined) as object | undefined, createdBy: actor.label },
    });
    await tx.testCase.createMany({
      data: cases.map((testCase, position) => ({
        suiteVersionId: version.id, position, name: testCase.name, kind: testCase.kind, method: testCase.method,
        target: suite.subject.name, input: testCase.input as object, expectations: testCase.expect as object,
        attackId: testCase.name.startsWith('attack:') ? testCase.name.slice('attack:'.length) : null,
      })),
    });
    return { suiteId: row.id, versionId: version.id, version: version.version, created: true } as const;
  });
  if ('conflict' in outcome) return { ok: false, fields: { subject: [outcome.conflict!] } };
  if (outcome.created) {
    await recordConsoleAction({
      actor, action: 'test_suite.version_created', target: `suite:${suite.name}`,
      details: { version: outcome.version, checksum, subject: suite.subject, cases: cases.length, attacks: suite.attacks },
    });
  }
  return { ok: true, ...outcome, cases: cases.length };
}
