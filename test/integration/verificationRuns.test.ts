import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../../lib/ingest';
import { createCheckpoint, latestVerification, startVerification } from '../../lib/ledger';
import { forgetLedgerSigner } from '../../lib/ledger/ledgerIdentity';
import { freshDatabase } from '../support/freshDatabase';
import { serveHandler } from '../support/httpAdapter';
import { ingestToken, ndjson, post, sampleEvent, sql } from '../support/ingestFixtures';

let server: Awaited<ReturnType<typeof serveHandler>>;
beforeAll(async () => {
  process.env.WARDEN_SIGNING_KEY = '44'.repeat(32);
  forgetLedgerSigner();
  await freshDatabase();
  server = await serveHandler({ '/api/v1/ingest': handleIngest });
  await post(server.url, await ingestToken('staging'), ndjson(Array.from({ length: 30 }, (_, i) => sampleEvent(i))));
  await createCheckpoint('staging');
});
afterAll(async () => {
  delete process.env.WARDEN_SIGNING_KEY;
  forgetLedgerSigner();
  await server.close();
});

async function finished() {
  for (let i = 0; i < 100; i++) {
    const run = await latestVerification('staging');
    if (run?.finishedAt) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('verification did not finish');
}

describe('console verification runs', () => {
  it('verify in the background, record progress and outcome, and name the first bad entry after tampering', async () => {
    const started = await startVerification('staging', 'ana@example.com');
    expect(started).toMatchObject({ total: 30, ok: null, startedBy: 'ana@example.com' });
    expect(await finished()).toMatchObject({ id: started.id, ok: true, verified: 30, checkpointsChecked: 1, problem: null });
    await sql("SET session_replication_role = replica; UPDATE executions SET error = 'edited' WHERE seq = 12");
    await startVerification('staging', 'ana@example.com');
    expect(await finished()).toMatchObject({ ok: false, problemSeq: 12, problem: expect.stringMatching(/content changed/) });
  });
});
