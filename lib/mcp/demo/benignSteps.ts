import { PROMPTS, type Team } from '../../demo/catalogue';
import type { Rng } from '../../demo/random';
import { CHAT_LINES, fill, TICKET_SUMMARIES, WEB_PAGES } from '../../demo/texts';
import { TABLES } from './fakeDatabase';
import { repoDir } from './fakeFiles';

/** One thing an agent asks the server; each becomes exactly one execution record. */
export type Step =
  | { kind: 'tool'; name: string; args: Record<string, unknown> }
  | { kind: 'prompt'; name: string; args: Record<string, string> }
  | { kind: 'resource'; uri: string };

type StepMaker = (r: Rng, team: Team, user: string) => Step;

const tool = (name: string, args: Record<string, unknown>): Step => ({ kind: 'tool', name, args });

/** Everyday work, with the small share of honest mistakes (missing files, typos in table names) real agents make. */
const MAKERS: Record<string, StepMaker> = {
  read_file: (r, t) => tool('read_file', { path: r.chance(0.03) ? `${repoDir(t)}/src/legacy/${r.hex(6)}.ts` : `${repoDir(t)}/${r.pick([...t.files, 'docs/ONCALL.md'])}` }),
  list_dir: (r, t) => tool('list_dir', { path: r.chance(0.7) ? repoDir(t) : `${repoDir(t)}/${r.pick(['config', 'docs'])}` }),
  search_docs: (r, t) => tool('search_docs', { query: r.pick([`${t.service} failover`, 'rotate secrets vault', 'webhook signatures', 'pod disruption budget', 'mcp onboarding policy', `${t.project} deploy checklist`]), limit: r.pick([3, 5]) }),
  fetch_url: (r) => tool('fetch_url', { url: r.chance(0.03) ? `https://intranet-${r.hex(4)}.acme.dev/status` : r.pick([...WEB_PAGES.map((page) => page.url), 'https://docs.acme.dev/runbooks/failover', 'https://docs.acme.dev/onboarding/mcp']), max_length: 20_000 }),
  run_query: (r, t) => {
    const table = r.chance(0.03) ? `${r.pick(TABLES)}_v2` : r.pick(TABLES.filter((name) => name !== 'integrations'));
    return tool('run_query', r.chance(0.2)
      ? { sql: `SELECT count(*) FROM ${t.dbSchema}.${table} WHERE created_at > now() - interval '1 day'` }
      : { sql: `SELECT id, status, amount_cents, created_at FROM ${t.dbSchema}.${table} WHERE status = $1 ORDER BY created_at DESC`, params: [r.pick(['failed', 'pending', 'refunded'])], limit: r.pick([5, 10, 20]) });
  },
  send_email: (r, t, user) => tool('send_email', {
    to: [r.chance(0.3) ? user : `${t.name}-team@acme.dev`], subject: fill(r.pick(TICKET_SUMMARIES), t), body: fill(r.pick(CHAT_LINES), t),
  }),
  prompt: (r, t) => {
    const prompt = r.pick(PROMPTS);
    return { kind: 'prompt', name: prompt.name, args: prompt.args(r, t) };
  },
  resource: (r, t) => ({ kind: 'resource', uri: `file://${repoDir(t)}/${r.pick(['README.md', 'docs/ONCALL.md'])}` }),
};

/** What each demo agent tends to do, most frequent first (picked with a skew). */
export const AGENT_HABITS: Record<string, readonly string[]> = {
  'agent-code-review': ['read_file', 'list_dir', 'search_docs', 'prompt', 'resource'],
  'agent-triage': ['search_docs', 'read_file', 'send_email', 'prompt', 'run_query'],
  'agent-release-bot': ['list_dir', 'read_file', 'send_email', 'search_docs'],
  'agent-oncall': ['run_query', 'search_docs', 'fetch_url', 'send_email', 'resource'],
  'agent-data-analyst': ['run_query', 'read_file', 'prompt', 'send_email'],
  'agent-docs-writer': ['search_docs', 'fetch_url', 'read_file', 'list_dir', 'resource'],
  'agent-support-desk': ['search_docs', 'send_email', 'fetch_url', 'prompt'],
  'agent-research': ['fetch_url', 'search_docs', 'prompt', 'read_file'],
  'agent-migration': ['run_query', 'read_file', 'list_dir', 'search_docs'],
  'agent-qa': ['read_file', 'fetch_url', 'run_query', 'list_dir'],
};

export function benignSteps(r: Rng, agent: string, team: Team, user: string, length: number): Step[] {
  const habits = AGENT_HABITS[agent] ?? Object.keys(MAKERS);
  return Array.from({ length }, () => MAKERS[r.skewed(habits, 1.4)]!(r, team, user));
}
