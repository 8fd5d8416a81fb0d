import { obj, type ServerSpec, type SideEffect } from './catalogue';
import { CHAT_LINES, fill, SEARCH_SNIPPETS, TICKET_BODIES, TICKET_SUMMARIES, WEB_PAGES } from './texts';

const str = (value: unknown): string => String(value);
const slackApi = (method: string): SideEffect[] => [{ kind: 'http', target: `https://slack.com/api/${method}` }];
const jiraApi = (path: string): SideEffect[] => [{ kind: 'http', target: `https://acme.atlassian.net/rest/api/3${path}` }];
/** Fetching a page resolves the host first; both show up, which is what egress detections key on. */
export const webFetch = (url: string): SideEffect[] => [{ kind: 'dns', target: new URL(url).hostname }, { kind: 'http', target: url }];
const slackTs = (r: { int: (a: number, b: number) => number }) => `17525${r.int(10000, 99999)}.${r.int(100000, 999999)}`;

export const SLACK: ServerSpec = {
  name: 'slack-mcp', version: '1.4.0',
  tools: [
    { name: 'post_message', version: '1.4.0', schema: obj({ channel: 'string', text: 'string', thread_ts: 'string?' }), ms: 260,
      args: (r, t) => ({ channel: t.channel, text: fill(r.pick(CHAT_LINES), t) }),
      out: (r, a) => ({ ok: true, channel: a.channel, ts: slackTs(r) }),
      effects: () => slackApi('chat.postMessage'), errors: ['not_in_channel', 'ratelimited'] },
    { name: 'search_messages', version: '1.4.0', schema: obj({ query: 'string', count: 'integer?' }), ms: 480,
      args: (r, t) => ({ query: `in:${t.channel} ${r.pick(['deploy', 'rollback', 'latency', 'migration', 'リリース', 'Ticket'])}`, count: 5 }),
      out: (r, _a, t) => ({ total: r.int(3, 80), matches: Array.from({ length: 4 }, () => ({ user: r.pick(['yuki', 'lukas', 'fatima', 'alice', 'priya']), ts: slackTs(r), text: fill(r.pick(CHAT_LINES), t) })) }),
      effects: () => slackApi('search.messages') },
    { name: 'get_thread', version: '1.4.0', schema: obj({ channel: 'string', ts: 'string' }), ms: 210,
      args: (r, t) => ({ channel: t.channel, ts: slackTs(r) }),
      out: (r, _a, t) => ({ messages: Array.from({ length: r.int(2, 6) }, () => ({ user: r.pick(['hiroshi', 'greta', 'omar', 'emma', 'chen']), text: fill(r.pick(CHAT_LINES), t) })) }),
      effects: () => slackApi('conversations.replies'), errors: ['thread_not_found'] },
    { name: 'list_channels', version: '1.4.0', schema: obj({ limit: 'integer?' }), ms: 150,
      args: () => ({ limit: 100 }),
      out: (r) => ['#payments-eng', '#platform', '#growth-squad', '#data-eng', '#mobile', '#identity', '#incidents', '#random'].map((name) => ({ name, members: r.int(5, 300) })),
      effects: () => slackApi('conversations.list') },
  ],
};

export const JIRA: ServerSpec = {
  name: 'jira-mcp', version: '3.0.1',
  tools: [
    { name: 'search_issues', version: '3.0.0', schema: obj({ jql: 'string', max_results: 'integer?' }), ms: 650,
      args: (r, t) => ({ jql: `project = ${t.project} AND status != Done ORDER BY ${r.pick(['priority', 'updated', 'created'])} DESC`, max_results: 10 }),
      out: (r, _a, t) => ({ total: r.int(3, 120), issues: Array.from({ length: 3 }, () => ({ key: `${t.project}-${r.int(100, 3999)}`, summary: fill(r.pick(TICKET_SUMMARIES), t), status: r.pick(['To Do', 'In Progress', 'In Review']), priority: r.pick(['P1', 'P2', 'P3']) })) }),
      effects: () => jiraApi('/search'), errors: ['The value does not exist for the field project'] },
    { name: 'get_issue', version: '3.0.0', schema: obj({ key: 'string', expand: 'string[]?' }), ms: 330,
      args: (r, t) => ({ key: `${t.project}-${r.int(100, 3999)}` }),
      out: (r, a, t) => ({ key: a.key, summary: fill(r.pick(TICKET_SUMMARIES), t), description: r.pick(TICKET_BODIES), status: 'In Progress', assignee: r.pick(['lukas@acme.dev', 'yuki@acme.dev', 'omar@acme.dev']), labels: ['customer-reported'] }),
      effects: (a) => jiraApi(`/issue/${str(a.key)}`), errors: ['Issue does not exist or you do not have permission to see it.'] },
    { name: 'create_issue', version: '3.0.0', schema: obj({ project: 'string', summary: 'string', issue_type: 'string', priority: 'string?', description: 'string?' }), ms: 720,
      args: (r, t) => ({ project: t.project, summary: fill(r.pick(TICKET_SUMMARIES), t), issue_type: r.pick(['Bug', 'Task', 'Story']), priority: r.pick(['P2', 'P3']), description: r.pick(TICKET_BODIES) }),
      out: (r, a) => ({ key: `${str(a.project)}-${r.int(4000, 4999)}`, self: `https://acme.atlassian.net/rest/api/3/issue/${r.int(10000, 99999)}` }),
      effects: () => jiraApi('/issue') },
    { name: 'transition_issue', version: '3.0.0', schema: obj({ key: 'string', transition: 'string' }), ms: 410,
      args: (r, t) => ({ key: `${t.project}-${r.int(100, 3999)}`, transition: r.pick(['In Progress', 'In Review', 'Done']) }),
      out: (_r, a) => `Moved ${str(a.key)} to "${str(a.transition)}".`,
      effects: (a) => jiraApi(`/issue/${str(a.key)}/transitions`), errors: ['Transition is not valid for the current status'] },
    { name: 'add_comment', version: '3.0.0', schema: obj({ key: 'string', body: 'string' }), ms: 380,
      args: (r, t) => ({ key: `${t.project}-${r.int(100, 3999)}`, body: r.pick(['Root cause identified, fix in review.', 'Kann ich reproduzieren, schaue ich mir morgen an.', '再現できました。修正を準備中です。', 'Waiting on customer for a HAR file.']) }),
      out: (r, a) => ({ id: String(r.int(100000, 999999)), issue: a.key, created: '2025-07-15T11:02:13.000+0000' }),
      effects: (a) => jiraApi(`/issue/${str(a.key)}/comment`) },
  ],
};

export const BROWSER: ServerSpec = {
  name: 'browser-mcp', version: '0.3.4',
  tools: [
    { name: 'fetch_page', version: '0.3.4', schema: obj({ url: 'string', max_length: 'integer?' }), ms: 1300,
      args: (r) => ({ url: r.pick(WEB_PAGES).url, max_length: 20000 }),
      out: (_r, a) => WEB_PAGES.find((p) => p.url === a.url)?.text ?? '',
      effects: (a) => webFetch(str(a.url)), errors: ['net::ERR_NAME_NOT_RESOLVED', 'Navigation timeout of 30000 ms exceeded'] },
    { name: 'screenshot', version: '0.3.4', schema: obj({ url: 'string', full_page: 'boolean?' }), ms: 2400,
      args: (r) => ({ url: r.pick(['https://staging.acme.dev/checkout', 'https://staging.acme.dev/login', 'https://staging.acme.dev/settings']), full_page: r.chance(0.5) }),
      out: (r) => ({ path: `/tmp/screenshots/${r.hex(12)}.png`, width: 1280, height: r.pick([720, 2400, 3100]), bytes: r.int(80000, 900000) }),
      effects: (a) => [...webFetch(str(a.url)), { kind: 'file_write', target: '/tmp/screenshots/' }] },
    { name: 'extract_links', version: '0.3.4', schema: obj({ url: 'string' }), ms: 900,
      args: (r) => ({ url: r.pick(WEB_PAGES).url }),
      out: (_r, a) => ({ url: a.url, links: ['/docs', '/changelog', '/security', '/pricing', '/blog'].map((p) => new URL(p, str(a.url)).href) }),
      effects: (a) => webFetch(str(a.url)) },
    { name: 'click', version: '0.3.4', schema: obj({ selector: 'string', wait_for: 'string?' }), ms: 350,
      args: (r) => ({ selector: r.pick(['button[type=submit]', '#apply-coupon', 'a[href="/settings"]', '[data-testid=checkout-pay]']), wait_for: 'networkidle' }),
      out: (r) => ({ clicked: true, navigated: r.chance(0.4), console_errors: r.chance(0.1) ? ['TypeError: Cannot read properties of undefined (reading \'total\')'] : [] }),
      errors: ['Element not found: selector did not match within 5000 ms'] },
  ],
};

export const SEARCH: ServerSpec = {
  name: 'search-mcp', version: '1.1.0',
  tools: [
    { name: 'web_search', version: '1.1.0', schema: obj({ query: 'string', count: 'integer?', lang: 'string?' }), ms: 700,
      args: (r) => ({ query: r.pick(['oauth 2.1 pkce public clients', 'postgres 17 logical replication failover', 'passkeys webauthn guide', 'sbom minimum elements', 'مفاتيح المرور', 'パスキー 導入']), count: 5, lang: r.pick(['en', 'en', 'ar', 'ja', 'de']) }),
      out: (r) => ({ results: r.sample(SEARCH_SNIPPETS, 3).map((s) => ({ title: s.title, url: `https://${s.host}/${r.hex(6)}`, snippet: s.snippet })) }),
      effects: () => [{ kind: 'http', target: 'https://api.search.acme.dev/v1/search' }], errors: ['upstream search provider returned 502'] },
    { name: 'news_search', version: '1.1.0', schema: obj({ query: 'string', since: 'string?' }), ms: 820,
      args: (r) => ({ query: r.pick(['supply chain attack npm', 'CVE node.js', 'Sicherheitslücke Build-Tools']), since: '7d' }),
      out: (r) => ({ results: r.sample(SEARCH_SNIPPETS, 2).map((s) => ({ title: s.title, source: s.host, published: `2025-07-${r.int(10, 15)}` })) }),
      effects: () => [{ kind: 'http', target: 'https://api.search.acme.dev/v1/news' }] },
    { name: 'fetch_summary', version: '1.0.2', schema: obj({ url: 'string', max_words: 'integer?' }), ms: 1600,
      args: (r) => ({ url: r.pick(WEB_PAGES).url, max_words: 120 }),
      out: (_r, a) => (WEB_PAGES.find((p) => p.url === a.url)?.text ?? '').split('. ').slice(0, 2).join('. ') + '.',
      effects: (a) => webFetch(str(a.url)) },
  ],
};
