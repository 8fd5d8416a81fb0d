import { db } from '../db/client';

export interface SuiteSummary {
  id: string;
  name: string;
  subject: string;
  description: string | null;
  version: number | null;
  checksum: string | null;
  attacks: string[];
  regressionCases: number;
  attackCases: number;
  updatedAt: Date | null;
}

/** Every suite with its newest version's case counts and enabled attacks. */
export async function listSuites(): Promise<SuiteSummary[]> {
  const suites = await db().testSuite.findMany({ orderBy: { name: 'asc' } });
  return Promise.all(suites.map(async (suite) => {
    const latest = await db().testSuiteVersion.findFirst({ where: { suiteId: suite.id }, orderBy: { version: 'desc' } });
    const counts = latest ? await db().testCase.groupBy({ by: ['kind'], where: { suiteVersionId: latest.id }, _count: { _all: true } }) : [];
    const count = (kind: string) => counts.find((row) => row.kind === kind)?._count._all ?? 0;
    return {
      id: suite.id, name: suite.name, subject: `${suite.subjectKind} ${suite.subjectName}`, description: suite.description,
      version: latest?.version ?? null, checksum: latest?.checksum ?? null, attacks: latest?.attacks ?? [],
      regressionCases: count('regression'), attackCases: count('attack'), updatedAt: latest?.createdAt ?? null,
    };
  }));
}
