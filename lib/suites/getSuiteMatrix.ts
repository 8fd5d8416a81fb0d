import { db } from '../db/client';

export type CellOutcome = 'passed' | 'failed' | 'error';

export interface MatrixColumn {
  releaseId: string;
  releaseName: string;
  runId: string;
  startedAt: Date;
  passed: number;
  total: number;
}

export interface MatrixRow {
  /** suite › case name: the same case across suite versions. */
  key: string;
  suite: string;
  caseName: string;
  kind: 'regression' | 'attack';
  cells: Record<string, { outcome: CellOutcome; runId: string; executionSeq: string | null } | undefined>;
  /** Passed and failed across runs of the same release and tool version: the outcome is not the code's alone. */
  flaky: boolean;
}

export interface SuiteMatrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

/**
 * Pass/fail per case (rows) across releases (columns, oldest first, each its latest finished run):
 * the trend a reviewer reads before promoting. A case is marked flaky when it both passed and failed
 * for the same release and tool version in different runs.
 */
export async function getSuiteMatrix(options: { releases?: number } = {}): Promise<SuiteMatrix> {
  const latest = await db().$queryRaw<Array<{ id: string; release_id: string; started_at: Date; name: string }>>`
    SELECT DISTINCT ON (r.release_id) r.id::text AS id, r.release_id, r.started_at, rel.name
      FROM test_runs r JOIN releases rel ON rel.id = r.release_id
     WHERE r.status <> 'running' ORDER BY r.release_id, r.started_at DESC`;
  const chosen = latest.sort((a, b) => b.started_at.getTime() - a.started_at.getTime()).slice(0, options.releases ?? 8).reverse();
  if (chosen.length === 0) return { columns: [], rows: [] };
  const results = await db().testCaseResult.findMany({ where: { runId: { in: chosen.map((run) => run.id) } } });
  const history = await db().$queryRaw<Array<{ case_name: string; suite: string | null; release_id: string; tool_version: string | null; outcomes: string[] }>>`
    SELECT c.case_name, c.evidence->>'suite' AS suite, r.release_id, c.tool_version, array_agg(DISTINCT c.outcome::text) AS outcomes
      FROM test_case_results c JOIN test_runs r ON r.id = c.run_id
     WHERE r.release_id = ANY(${chosen.map((run) => run.release_id)})
     GROUP BY 1, 2, 3, 4`;
  const flaky = new Set(history.filter((row) => row.outcomes.includes('passed') && row.outcomes.includes('failed')).map((row) => `${row.suite ?? ''} › ${row.case_name}`));
  const rows = new Map<string, MatrixRow>();
  for (const result of results) {
    const suite = ((result.evidence ?? {}) as { suite?: string }).suite ?? result.target;
    const key = `${suite} › ${result.caseName}`;
    const row = rows.get(key) ?? { key, suite, caseName: result.caseName, kind: result.kind, cells: {}, flaky: flaky.has(key) };
    const column = chosen.find((run) => run.id === result.runId)!;
    row.cells[column.release_id] = { outcome: result.outcome, runId: result.runId, executionSeq: result.executionSeq === null ? null : String(result.executionSeq) };
    rows.set(key, row);
  }
  const columns = chosen.map((run) => {
    const ofRun = results.filter((result) => result.runId === run.id);
    return { releaseId: run.release_id, releaseName: run.name, runId: run.id, startedAt: run.started_at, passed: ofRun.filter((result) => result.outcome === 'passed').length, total: ofRun.length };
  });
  return { columns, rows: [...rows.values()].sort((a, b) => a.key.localeCompare(b.key)) };
}
