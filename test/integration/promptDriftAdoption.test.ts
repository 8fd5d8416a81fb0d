import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPendingDetections } from '../../lib/detect';
import { promptDrift } from '../../lib/detect/detectors/promptDrift';
import { handleIngest } from '../../lib/ingest';
import { createPrompt } from '../../lib/prompts';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

const LEE = { id: '0b7e6a52-8f43-4f0e-9a2c-5b1d9c3e7f20', label: 'lee@example.com' };
let server: Awaited<ReturnType<typeof serveHandler>>;

const promptGet = (n: number, name: string) => sampleEvent(n, {
  method: 'prompts/get', tool_name: undefined, tool_version: undefined, side_effects: undefined, prompt_name: name, prompt_checksum: 'e'.repeat(64),
});

beforeAll(async () => {
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
});
afterAll(() => server.close());

describe('prompt drift before and after a team adopts the registry', () => {
  it('flags nothing while no prompt is registered, then flags unregistered names once one is', async () => {
    const token = await ingestToken('production');
    expect((await post(server.url, token, ndjson([promptGet(0, 'triage'), promptGet(1, 'summarise')]))).body.accepted).toBe(2);
    expect((await runPendingDetections({ detectors: [promptDrift] })).failures).toEqual([]);
    expect(await sql('SELECT 1 FROM alerts')).toHaveLength(0);

    expect((await createPrompt({ name: 'triage', template: 'Triage {{ticket}}.' }, LEE)).ok).toBe(true);
    expect((await post(server.url, token, ndjson([promptGet(2, 'summarise')]))).body.accepted).toBe(1);
    expect((await runPendingDetections({ detectors: [promptDrift] })).failures).toEqual([]);
    const alerts = await sql<{ detector: string; subject_prompt: string; evidence_seqs: string[] }>('SELECT detector, subject_prompt, evidence_seqs FROM alerts');
    expect(alerts).toEqual([expect.objectContaining({ detector: 'prompt_drift', subject_prompt: 'summarise' })]);
    expect(alerts[0]!.evidence_seqs.map(Number)).toEqual([2]);
  });
});
