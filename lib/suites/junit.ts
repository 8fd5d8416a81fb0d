import type { TestRunView } from './getTestRun';
import { executionLink } from './links';

// XML 1.0 has no way to carry these, escaped or not.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values).map(([name, value]) => ` ${name}="${xmlEscape(String(value))}"`).join('');

const seconds = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(3);
/** junit-4.xsd wants a timestamp without a zone: UTC, said so in the properties. */
const isoWithoutZone = (date: Date) => date.toISOString().slice(0, 19);

/**
 * The run as JUnit XML (the Ant/Jenkins schema CI servers read): one <testsuite> per Warden suite,
 * a <testcase> per case, <failure> for a failed expectation or a successful attack, <error> for a
 * case that could not be judged. Each failure names its execution and the change that likely caused it.
 */
export function runToJUnitXml(run: TestRunView, consoleUrl = ''): string {
  const suites = new Map<string, TestRunView['cases']>();
  for (const testCase of run.cases) suites.set(testCase.suite, [...(suites.get(testCase.suite) ?? []), testCase]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = (outcome: string) => run.cases.filter((testCase) => testCase.outcome === outcome).length;
  const totalMs = run.cases.reduce((sum, testCase) => sum + (testCase.durationMs ?? 0), 0);
  lines.push(`<testsuites${attributes({ name: `warden release ${run.releaseName}`, tests: run.cases.length, failures: total('failed'), errors: total('error'), disabled: 0, time: seconds(totalMs) })}>`);
  let index = 0;
  for (const [suite, cases] of suites) {
    const count = (outcome: string) => cases.filter((testCase) => testCase.outcome === outcome).length;
    lines.push(`  <testsuite${attributes({
      name: suite, tests: cases.length, failures: count('failed'), errors: count('error'), skipped: 0,
      time: seconds(cases.reduce((sum, testCase) => sum + (testCase.durationMs ?? 0), 0)),
      timestamp: isoWithoutZone(run.startedAt), hostname: 'staging', id: index++, package: `warden.${run.releaseName}`,
    })}>`);
    lines.push('    <properties>');
    const properties: Record<string, string> = {
      'warden.run_id': run.id, 'warden.release_id': run.releaseId, 'warden.release': run.releaseName, 'warden.environment': 'staging',
      'warden.target': run.target, 'warden.trace_id': run.traceId, 'warden.suite_version': String(cases[0]?.suiteVersion ?? ''), 'warden.timestamp_zone': 'UTC',
    };
    for (const [name, value] of Object.entries(properties)) lines.push(`      <property${attributes({ name, value })}/>`);
    lines.push('    </properties>');
    for (const testCase of cases) {
      const head = `    <testcase${attributes({ name: testCase.caseName, classname: `warden.${suite}.${testCase.kind}`, time: seconds(testCase.durationMs) })}`;
      if (testCase.outcome === 'passed') {
        lines.push(`${head}/>`);
        continue;
      }
      const element = testCase.outcome === 'failed' ? 'failure' : 'error';
      const type = testCase.outcome === 'error' ? 'not_judged' : testCase.kind === 'attack' ? 'attack_succeeded' : 'regression';
      const detail = [
        ...testCase.reasons,
        testCase.executionSeq ? `execution: ${consoleUrl}${executionLink('staging', BigInt(testCase.executionSeq))}` : 'execution: none recorded',
        ...(testCase.likelyCause ? [`likely cause: ${testCase.likelyCause.explanation} (${consoleUrl}${testCase.likelyCause.link})`] : []),
      ].join('\n');
      lines.push(`${head}>`);
      lines.push(`      <${element}${attributes({ message: testCase.reasons[0] ?? testCase.outcome, type })}>${xmlEscape(detail)}</${element}>`);
      if (testCase.output) lines.push(`      <system-out>${xmlEscape(testCase.output)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('    <system-out/>', '    <system-err/>', '  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
