import { db } from '../db/client';
import type { Expectations } from './suiteDefinition';
import type { ReleaseFacts } from './getReleaseTools';

export interface RunnableCase {
  id: string;
  name: string;
  kind: 'regression' | 'attack';
  method: 'tools/call' | 'prompts/get' | 'tools/list';
  target: string;
  input: Record<string, unknown>;
  expect: Expectations;
  suite: string;
  suiteVersion: number;
}

/**
 * The suite versions that are part of the release. The first run freezes them: the newest version of
 * every suite whose tool or prompt is in the release. Later runs of the same release use the same
 * versions, so a gate result always refers to what the release was tested with.
 */
export async function attachReleaseSuites(release: ReleaseFacts, attachedBy: string): Promise<string[]> {
  const attached = await db().releaseSuiteVersion.findMany({ where: { releaseId: release.id } });
  if (attached.length > 0) return attached.map((row) => row.suiteVersionId);
  const subjects = [...release.tools.map((tool) => ({ kind: 'tool', name: tool.name })), ...release.prompts.map((prompt) => ({ kind: 'prompt', name: prompt.name }))];
  if (subjects.length === 0) return [];
  const suites = await db().testSuite.findMany({ where: { OR: subjects.map((subject) => ({ subjectKind: subject.kind, subjectName: subject.name })) } });
  const versionIds: string[] = [];
  for (const suite of suites) {
    const latest = await db().testSuiteVersion.findFirst({ where: { suiteId: suite.id }, orderBy: { version: 'desc' } });
    if (latest) versionIds.push(latest.id);
  }
  if (versionIds.length === 0) return [];
  // Two runs starting together both try: the primary key keeps one copy.
  await db().releaseSuiteVersion.createMany({ data: versionIds.map((suiteVersionId) => ({ releaseId: release.id, suiteVersionId, attachedBy })), skipDuplicates: true });
  return (await db().releaseSuiteVersion.findMany({ where: { releaseId: release.id } })).map((row) => row.suiteVersionId);
}

/** Every case of the given suite versions, in suite then position order. */
export async function casesOf(suiteVersionIds: string[]): Promise<RunnableCase[]> {
  if (suiteVersionIds.length === 0) return [];
  const versions = await db().testSuiteVersion.findMany({ where: { id: { in: suiteVersionIds } } });
  const suites = await db().testSuite.findMany({ where: { id: { in: versions.map((version) => version.suiteId) } } });
  const cases = await db().testCase.findMany({ where: { suiteVersionId: { in: suiteVersionIds } }, orderBy: [{ suiteVersionId: 'asc' }, { position: 'asc' }] });
  const versionOf = new Map(versions.map((version) => [version.id, version]));
  const suiteOf = new Map(suites.map((suite) => [suite.id, suite]));
  return cases.map((row) => {
    const version = versionOf.get(row.suiteVersionId)!;
    return {
      id: row.id, name: row.name, kind: row.kind, method: row.method as RunnableCase['method'], target: row.target,
      input: row.input as Record<string, unknown>, expect: row.expectations as Expectations,
      suite: suiteOf.get(version.suiteId)?.name ?? '?', suiteVersion: version.version,
    };
  }).sort((a, b) => a.suite.localeCompare(b.suite));
}
