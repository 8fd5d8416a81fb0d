import { obj, type ServerSpec } from './catalogue';
import { fileBody, fill, TICKET_SUMMARIES } from './texts';

const str = (value: unknown): string => String(value);
const githubApi = (path: string) => [{ kind: 'http' as const, target: `https://api.github.com${path}` }];

export const GITHUB: ServerSpec = {
  name: 'github-mcp', version: '0.9.2',
  tools: [
    { name: 'search_issues', version: '1.4.0', schema: obj({ repo: 'string', query: 'string', state: 'string?' }), ms: 420,
      args: (r, t) => ({ repo: t.repo, query: r.pick(['flaky test', 'timeout', 'memory leak', 'is:open label:bug', 'regression']), state: 'open' }),
      out: (r, _a, t) => ({ total_count: r.int(1, 40), items: Array.from({ length: 3 }, () => ({
        number: r.int(100, 4800), title: fill(r.pick(TICKET_SUMMARIES), t), state: 'open', comments: r.int(0, 14), html_url: `https://github.com/${t.repo}/issues/${r.int(100, 4800)}` })) }),
      effects: (a) => githubApi(`/search/issues?q=repo:${str(a.repo)}`), errors: ['API rate limit exceeded for installation'] },
    { name: 'get_file_contents', version: '1.4.0', schema: obj({ owner: 'string', repo: 'string', path: 'string', ref: 'string?' }), ms: 310,
      args: (r, t) => ({ owner: 'acme', repo: t.repo.split('/')[1], path: r.pick(t.files), ref: r.pick(['main', 'main', 'release/2025.07']) }),
      out: (r, a, t) => fileBody(r, str(a.path), t),
      effects: (a) => githubApi(`/repos/acme/${str(a.repo)}/contents/${str(a.path)}`), errors: ['Not Found (404)'] },
    { name: 'create_pull_request', version: '1.2.0', schema: obj({ repo: 'string', title: 'string', head: 'string', base: 'string', draft: 'boolean?' }), ms: 900,
      next: { version: '1.3.0', schema: obj({ repo: 'string', title: 'string', head: 'string', base: 'string', draft: 'boolean?', reviewers: 'string[]?' }) },
      args: (r, t) => ({ repo: t.repo, title: `${r.pick(['fix', 'feat', 'chore'])}: ${fill(r.pick(TICKET_SUMMARIES), t).toLowerCase()}`, head: `agent/${t.project.toLowerCase()}-${r.int(100, 3999)}`, base: 'main', draft: r.chance(0.4) }),
      out: (r, a) => ({ number: r.int(1000, 5200), url: `https://github.com/${str(a.repo)}/pull/${r.int(1000, 5200)}`, state: 'open', draft: a.draft, mergeable_state: 'unknown' }),
      effects: (a) => githubApi(`/repos/${str(a.repo)}/pulls`), errors: ['Validation Failed: A pull request already exists'] },
    { name: 'list_commits', version: '1.4.0', schema: obj({ repo: 'string', branch: 'string', per_page: 'integer?' }), ms: 380,
      args: (_r, t) => ({ repo: t.repo, branch: 'main', per_page: 5 }),
      out: (r, _a, t) => Array.from({ length: 5 }, () => ({ sha: r.hex(40), author: r.pick(['alice', 'yuki', 'lukas', 'fatima', 'bob']), message: `${r.pick(['fix', 'feat', 'refactor'])}: ${fill(r.pick(TICKET_SUMMARIES), t).toLowerCase()}` })),
      effects: (a) => githubApi(`/repos/${str(a.repo)}/commits`) },
    { name: 'add_issue_comment', version: '1.4.0', schema: obj({ repo: 'string', issue_number: 'integer', body: 'string' }), ms: 520,
      args: (r, t) => ({ repo: t.repo, issue_number: r.int(100, 4800), body: r.pick(['Reproduced on main; the failing assertion is in the retry path.', 'Linked to the deploy at 14:05 UTC, see trace.', 'Closing as duplicate of the older report.']) }),
      out: (r, a) => ({ id: r.int(1e9, 2e9), html_url: `https://github.com/${str(a.repo)}/issues/${str(a.issue_number)}#issuecomment-${r.int(1e9, 2e9)}` }),
      effects: (a) => githubApi(`/repos/${str(a.repo)}/issues/${str(a.issue_number)}/comments`) },
  ],
  resources: { uri: (r, t) => `repo://${t.repo}/${r.pick(t.files)}`, read: (r, uri, t) => fileBody(r, uri, t) },
};

export const FILESYSTEM: ServerSpec = {
  name: 'filesystem-mcp', version: '2.1.0',
  tools: [
    { name: 'read_file', version: '2.1.0', schema: obj({ path: 'string', encoding: 'string?' }), ms: 18,
      args: (r, t) => ({ path: `/workspace/${t.repo.split('/')[1]}/${r.pick(t.files)}` }),
      out: (r, a, t) => fileBody(r, str(a.path), t),
      effects: (a) => [{ kind: 'file_read', target: str(a.path) }], errors: ['ENOENT: no such file or directory'] },
    { name: 'write_file', version: '2.1.0', schema: obj({ path: 'string', content: 'string' }), ms: 25,
      args: (r, t) => { const path = `/workspace/${t.repo.split('/')[1]}/${r.pick(t.files)}`; return { path, content: fileBody(r, path, t) }; },
      out: (_r, a) => `Successfully wrote ${str(a.content).length} bytes to ${str(a.path)}`,
      effects: (a) => [{ kind: 'file_write', target: str(a.path) }], errors: ['EACCES: permission denied'] },
    { name: 'list_directory', version: '2.1.0', schema: obj({ path: 'string' }), ms: 12,
      args: (_r, t) => ({ path: `/workspace/${t.repo.split('/')[1]}` }),
      out: (_r, _a, t) => t.files.map((f) => `[FILE] ${f}`).concat(['[DIR] node_modules', '[DIR] .github', '[FILE] .gitignore']).join('\n'),
      effects: (a) => [{ kind: 'file_read', target: str(a.path) }] },
    { name: 'search_files', version: '2.1.0', schema: obj({ path: 'string', pattern: 'string', exclude: 'string[]?' }), ms: 140,
      args: (r, t) => ({ path: `/workspace/${t.repo.split('/')[1]}`, pattern: r.pick(['TODO', 'retry', 'idempotency', 'FIXME', 'deprecated']) }),
      out: (r, a, t) => t.files.slice(0, 3).map((f) => `${str(a.path)}/${f}:${r.int(3, 240)}: // ${str(a.pattern)}: revisit after ${t.project}-${r.int(100, 3999)}`).join('\n'),
      effects: (a) => [{ kind: 'file_read', target: str(a.path) }] },
    { name: 'get_file_info', version: '2.1.0', schema: obj({ path: 'string' }), ms: 8,
      args: (r, t) => ({ path: `/workspace/${t.repo.split('/')[1]}/${r.pick(t.files)}` }),
      out: (r) => ({ size: r.int(200, 40000), modified: '2025-07-14T09:12:44Z', permissions: '-rw-r--r--', isDirectory: false }) },
  ],
  resources: { uri: (r, t) => `file:///workspace/${t.repo.split('/')[1]}/${r.pick(t.files)}`, read: (r, uri, t) => fileBody(r, uri, t) },
};

const TABLES = ['orders', 'customers', 'invoices', 'events', 'sessions', 'refunds'];

export const POSTGRES: ServerSpec = {
  name: 'postgres-mcp', version: '0.6.1',
  tools: [
    { name: 'query', version: '0.6.1', schema: obj({ sql: 'string', params: 'string[]?', limit: 'integer?' }), ms: 95,
      args: (r, t) => ({ sql: `SELECT id, status, amount_cents, created_at FROM ${t.dbSchema}.${r.pick(TABLES)} WHERE created_at > now() - interval '${r.int(1, 48)} hours' ORDER BY created_at DESC`, limit: r.pick([20, 50, 100]) }),
      out: (r) => ({ rowCount: 4, rows: Array.from({ length: 4 }, () => ({ id: r.int(1e5, 9e5), status: r.pick(['paid', 'pending', 'failed', 'refunded']), amount_cents: r.int(199, 99900), created_at: '2025-07-15T10:21:07Z' })) }),
      errors: ['canceling statement due to statement timeout', 'relation "billing.orders_v2" does not exist'] },
    { name: 'list_tables', version: '0.6.1', schema: obj({ schema: 'string' }), ms: 30,
      args: (_r, t) => ({ schema: t.dbSchema }),
      out: (r, a) => TABLES.map((name) => ({ schema: a.schema, name, rows_estimate: r.int(1e3, 5e7) })) },
    { name: 'describe_table', version: '0.6.1', schema: obj({ table: 'string' }), ms: 35,
      args: (r, t) => ({ table: `${t.dbSchema}.${r.pick(TABLES)}` }),
      out: () => ({ columns: [{ name: 'id', type: 'bigint', nullable: false }, { name: 'status', type: 'text', nullable: false }, { name: 'amount_cents', type: 'integer', nullable: false }, { name: 'metadata', type: 'jsonb', nullable: true }, { name: 'created_at', type: 'timestamptz', nullable: false }], indexes: ['pkey (id)', 'idx_created_at (created_at)'] }) },
    { name: 'explain', version: '0.6.1', schema: obj({ sql: 'string', analyze: 'boolean?' }), ms: 140,
      args: (r, t) => ({ sql: `SELECT * FROM ${t.dbSchema}.${r.pick(TABLES)} WHERE customer_id = $1`, analyze: false }),
      out: (r) => `Index Scan using idx_customer_id on orders  (cost=0.43..${r.int(8, 90)}.12 rows=${r.int(1, 60)} width=112)\n  Index Cond: (customer_id = $1)\nPlanning Time: 0.${r.int(100, 999)} ms` },
  ],
};

export const SHELL: ServerSpec = {
  name: 'shell-mcp', version: '0.2.0',
  tools: [
    { name: 'run_command', version: '0.2.0', schema: obj({ command: 'string', cwd: 'string?', timeout_ms: 'integer?' }), ms: 1800,
      args: (r, t) => ({ command: r.pick(['npm test -- --run', 'make lint', 'go test ./...', 'kubectl get pods -n ' + t.service, 'git log --oneline -5']), cwd: `/workspace/${t.repo.split('/')[1]}`, timeout_ms: 120000 }),
      out: (r) => `exit code 0\n\n ✓ src/charges/createCharge.test.ts (${r.int(4, 30)} tests) ${r.int(80, 900)}ms\n ✓ src/webhooks/stripe.test.ts (${r.int(3, 12)} tests) ${r.int(40, 400)}ms\n\n Test Files  2 passed (2)\n      Tests  ${r.int(10, 40)} passed\n   Duration  ${r.int(2, 9)}.${r.int(10, 99)}s`,
      effects: (a) => [{ kind: 'process', target: str(a.command).split(' ')[0] ?? '' }], errors: ['command timed out after 120000ms', 'exit code 1'] },
    { name: 'git_status', version: '0.2.0', schema: obj({ cwd: 'string' }), ms: 60,
      args: (_r, t) => ({ cwd: `/workspace/${t.repo.split('/')[1]}` }),
      out: (r, _a, t) => `On branch agent/${t.project.toLowerCase()}-${r.int(100, 3999)}\nChanges not staged for commit:\n\tmodified:   ${r.pick(t.files)}\n\tmodified:   ${r.pick(t.files)}\n`,
      effects: () => [{ kind: 'process', target: 'git' }] },
    { name: 'list_processes', version: '0.2.0', schema: obj({ filter: 'string?' }), ms: 45,
      args: (_r, t) => ({ filter: t.service }),
      out: (r, a) => ({ processes: [{ pid: r.int(1000, 60000), command: `node dist/${str(a.filter)}.js`, cpu: r.int(1, 80) }, { pid: r.int(1000, 60000), command: 'postgres: writer', cpu: r.int(0, 10) }] }),
      effects: () => [{ kind: 'process', target: 'ps' }] },
  ],
};
