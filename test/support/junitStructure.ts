/**
 * A structural check of JUnit XML against the common schema (Ant's junit-4.xsd as Jenkins publishes
 * it, plus the attribute lists of the Jenkins xunit-plugin's junit-10.xsd). No XSD validator package is
 * installed, so this is a small strict XML reader and the schema's rules written out: element names,
 * nesting and order, required and allowed attributes, their formats, and that counts add up.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (/[<]/.test(raw)) throw new Error(`raw < in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (match, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare & in ${where}`);
    if (ENTITIES[name]) return ENTITIES[name]!;
    const numeric = /^#(x[0-9a-f]+|\d+)$/i.exec(name);
    if (!numeric) throw new Error(`unknown entity &${name}; in ${where}`);
    return String.fromCodePoint(numeric[1]!.startsWith('x') ? parseInt(numeric[1]!.slice(1), 16) : Number(numeric[1]));
  });
}

/** Parses well-formed XML (no DTD, comments or CDATA: the exporter writes none); throws on anything malformed. */
export function parseXml(xml: string): XmlElement {
  let at = 0;
  const prolog = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(xml);
  if (!prolog) throw new Error('missing <?xml version="1.0" encoding="UTF-8"?> declaration');
  at = prolog[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"]*")*)\s*(\/?)>/y;
  while (at < xml.length) {
    const next = xml.indexOf('<', at);
    const text = xml.slice(at, next === -1 ? xml.length : next);
    if (text.trim()) {
      if (stack.length === 0) throw new Error('text outside the root element');
      stack.at(-1)!.text += decode(text, `<${stack.at(-1)!.name}>`);
    }
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(xml);
    if (!match) throw new Error(`malformed markup at offset ${next}: ${xml.slice(next, next + 40)}`);
    const [whole, closing, name, rawAttributes, selfClosing] = match;
    at = next + whole.length;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of rawAttributes!.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
      if (key! in attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
      attributes[key!] = decode(value!, `${name}@${key}`);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

function checkAttributes(element: XmlElement, required: string[], optional: string[], problems: string[], where: string) {
  for (const name of required) if (!(name in element.attributes)) problems.push(`${where}: missing required attribute ${name}`);
  for (const name of Object.keys(element.attributes)) if (!required.includes(name) && !optional.includes(name)) problems.push(`${where}: attribute ${name} is not in the schema`);
}

/** Every way the document departs from the schema; empty when it validates. */
export function junitSchemaProblems(xml: string): string[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    return [`not well-formed: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (root.name !== 'testsuites') return [`root element is <${root.name}>, expected <testsuites>`];
  checkAttributes(root, [], ['name', 'time', 'tests', 'failures', 'disabled', 'errors'], problems, 'testsuites');
  for (const key of ['tests', 'failures', 'errors', 'disabled']) if (key in root.attributes && !INTEGER.test(root.attributes[key]!)) problems.push(`testsuites@${key} is not an integer`);
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const [index, suite] of root.children.entries()) {
    const where = `testsuite[${index}]`;
    if (suite.name !== 'testsuite') {
      problems.push(`<testsuites> may only hold <testsuite>, found <${suite.name}>`);
      continue;
    }
    checkAttributes(suite, ['name', 'tests', 'failures', 'errors', 'time', 'timestamp', 'hostname', 'id', 'package'], ['skipped', 'disabled'], problems, where);
    if (!TIMESTAMP.test(suite.attributes.timestamp ?? '')) problems.push(`${where}@timestamp is not an ISO 8601 date-time without zone`);
    if (!DECIMAL.test(suite.attributes.time ?? '')) problems.push(`${where}@time is not a decimal`);
    // junit-4.xsd: properties, testcase*, system-out, system-err — in that order, each once except testcase.
    const names = suite.children.map((child) => child.name);
    const order = names.join(' ');
    if (!/^properties( testcase)* system-out system-err$/.test(order)) problems.push(`${where}: children must be properties, testcase*, system-out, system-err (found ${order})`);
    for (const property of suite.children.find((child) => child.name === 'properties')?.children ?? []) {
      if (property.name !== 'property') problems.push(`${where}: <properties> holds <${property.name}>`);
      checkAttributes(property, ['name', 'value'], [], problems, `${where} property`);
    }
    const cases = suite.children.filter((child) => child.name === 'testcase');
    let suiteFailures = 0;
    let suiteErrors = 0;
    for (const [caseIndex, testCase] of cases.entries()) {
      const caseWhere = `${where} testcase[${caseIndex}]`;
      checkAttributes(testCase, ['name', 'classname', 'time'], [], problems, caseWhere);
      if (!DECIMAL.test(testCase.attributes.time ?? '')) problems.push(`${caseWhere}@time is not a decimal`);
      const outcome = testCase.children.filter((child) => ['failure', 'error', 'skipped'].includes(child.name));
      if (outcome.length > 1) problems.push(`${caseWhere}: at most one of failure, error, skipped`);
      const childOrder = testCase.children.map((child) => child.name).join(' ');
      if (!/^((failure|error|skipped) ?)?(system-out ?)*(system-err ?)*$/.test(childOrder)) problems.push(`${caseWhere}: children out of order (${childOrder})`);
      for (const child of outcome) {
        checkAttributes(child, [], ['message', 'type'], problems, `${caseWhere} ${child.name}`);
        if (child.children.length > 0) problems.push(`${caseWhere} ${child.name}: text only`);
      }
      suiteFailures += testCase.children.filter((child) => child.name === 'failure').length;
      suiteErrors += testCase.children.filter((child) => child.name === 'error').length;
    }
    if (Number(suite.attributes.tests) !== cases.length) problems.push(`${where}@tests=${suite.attributes.tests} but it holds ${cases.length} testcases`);
    if (Number(suite.attributes.failures) !== suiteFailures) problems.push(`${where}@failures=${suite.attributes.failures} but ${suiteFailures} failures`);
    if (Number(suite.attributes.errors) !== suiteErrors) problems.push(`${where}@errors=${suite.attributes.errors} but ${suiteErrors} errors`);
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
  }
  if ('tests' in root.attributes && Number(root.attributes.tests) !== tests) problems.push(`testsuites@tests=${root.attributes.tests} but ${tests} testcases`);
  if ('failures' in root.attributes && Number(root.attributes.failures) !== failures) problems.push(`testsuites@failures=${root.attributes.failures} but ${failures}`);
  if ('errors' in root.attributes && Number(root.attributes.errors) !== errors) problems.push(`testsuites@errors=${root.attributes.errors} but ${errors}`);
  return problems;
}
