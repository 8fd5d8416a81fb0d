import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  approveAndDeploy, decidePromotion, deployPromotion, deployToStaging, evaluateGates, getActiveRelease, modelRollbackOptions,
  requestPromotion, rollbackModel, rollbackRelease, rollbackTargets, type SessionActor,
} from '../../lib/registry';
import { freshDatabase } from '../support/freshDatabase';
import { sql } from '../support/ingestFixtures';
import { ADMIN, must, seedReleases, sessionUser } from '../support/registryFixtures';

const actionsSince = async (seq: number) => sql<{ seq: string; actor: string; action: string; target: string; details: Record<string, unknown> }>(
  'SELECT seq, actor, action, target, details FROM console_actions WHERE seq >= $1 ORDER BY seq', [seq]);
const nextSeq = async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM console_actions'))[0]!.n);
const productionLabel = async (promptName: string) => (await sql<{ version: number }>(
  `SELECT v.version FROM prompt_labels l JOIN prompts p ON p.id = l.prompt_id JOIN prompt_versions v ON v.id = l.prompt_version_id
   WHERE p.name = $1 AND l.environment = 'production'`, [promptName]))[0]?.version ?? null;

let lead: SessionActor;
let lead2: SessionActor;
let admin: SessionActor;
let analyst: SessionActor;
let releases: Array<{ id: string; name: string }>;
let promptName: string;

beforeAll(async () => {
  await freshDatabase();
  process.env.WARDEN_PROMOTION_MIN_SOAK_MINUTES = '0';
  process.env.WARDEN_PROMOTION_GATES = 'soak,alerts';
  lead = await sessionUser('lee@example.com', 'lead');
  lead2 = await sessionUser('lou@example.com', 'lead');
  admin = await sessionUser('ada.admin@example.com', 'admin');
  analyst = await sessionUser('ana@example.com', 'analyst');
  ({ releases, promptName } = await seedReleases(5, 'p'));
  for (const release of releases) await must(deployToStaging({ releaseId: release.id }, ADMIN));
});
afterEach(() => {
  delete process.env.WARDEN_PROMOTION_APPROVALS;
  delete process.env.WARDEN_PROMOTION_MIN_SOAK_MINUTES;
  process.env.WARDEN_PROMOTION_MIN_SOAK_MINUTES = '0';
});

describe('promotion', () => {
  it('shows the gates with evidence; the suite gate is red while no suite ran (advisory here, blocking by default)', async () => {
    const gates = await evaluateGates(releases[0]!.id);
    expect(gates.map((gate) => [gate.name, gate.passed, gate.blocking])).toEqual([['suite', false, false], ['soak', true, true], ['alerts', true, true]]);
    expect(gates[0]!.summary).toContain('No suite run yet');
    expect(gates[1]!.summary).toMatch(/^Ran in staging for \d+ min since .*\(replaced\)\.$/);
    process.env.WARDEN_PROMOTION_MIN_SOAK_MINUTES = '90';
    const waiting = await evaluateGates(releases[4]!.id);
    expect(waiting[1]).toMatchObject({ passed: false, blocking: true });
    expect(waiting[1]!.summary).toMatch(/still live\); 1 h 30 min to go\.$/);
  });

  it('requested → approved → deployed: never by the requester or an analyst, each transition in the console log', async () => {
    const from = await nextSeq();
    const { id } = await must(requestPromotion({ releaseId: releases[0]!.id, reason: 'first production release' }, lead));
    expect(await requestPromotion({ releaseId: releases[0]!.id, reason: 'again' }, lead2)).toMatchObject({ ok: false, status: 409 });
    expect(await decidePromotion({ requestId: id, decision: 'approved' }, lead)).toMatchObject({ ok: false, status: 403, message: 'you requested this promotion: another lead or admin must decide on it' });
    expect(await decidePromotion({ requestId: id, decision: 'approved' }, analyst)).toMatchObject({ ok: false, status: 403 });
    expect(await deployPromotion(id, lead)).toMatchObject({ ok: false, status: 409, message: 'the request is requested: it needs its approvals first' });
    const approved = await must(approveAndDeploy({ requestId: id, decision: 'approved' }, lead2));
    expect(approved).toMatchObject({ status: 'deployed', approvals: 1, required: 1 });
    const live = (await getActiveRelease('production'))!;
    expect(live.release.id).toBe(releases[0]!.id);
    expect(live.deployment).toMatchObject({ kind: 'promotion', actor: lead2.email, promotionRequestId: id, reason: 'first production release' });
    expect(live.model).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1', fallbackIndex: null });
    expect(await productionLabel(promptName)).toBe(2);
    expect((await actionsSince(from)).map((row) => [row.actor, row.action])).toEqual([
      [lead.email, 'release.promotion_requested'], [lead2.email, 'release.promotion_approved'], [lead2.email, 'release.promoted'],
    ]);
  });

  it('needs the configured number of distinct approvals; a rejection closes the request', async () => {
    process.env.WARDEN_PROMOTION_APPROVALS = '2';
    const { id } = await must(requestPromotion({ releaseId: releases[1]!.id, reason: 'two approvers' }, lead));
    expect(await must(approveAndDeploy({ requestId: id, decision: 'approved' }, lead2))).toMatchObject({ status: 'requested', approvals: 1, required: 2 });
    expect(await decidePromotion({ requestId: id, decision: 'approved' }, lead2)).toMatchObject({ ok: false, message: 'you already approved this request' });
    expect(await decidePromotion({ requestId: id, decision: 'rejected' }, admin)).toMatchObject({ ok: false, fields: { comment: ['say why you reject it'] } });
    expect(await must(decidePromotion({ requestId: id, decision: 'rejected', comment: 'needs the latency fix' }, admin))).toMatchObject({ status: 'rejected' });
    expect(await decidePromotion({ requestId: id, decision: 'approved' }, admin)).toMatchObject({ ok: false, status: 409 });
    expect((await getActiveRelease('production'))!.release.id).toBe(releases[0]!.id);
  });

  it('refuses a deploy while a blocking gate is red, naming it', async () => {
    process.env.WARDEN_PROMOTION_MIN_SOAK_MINUTES = '600';
    const { id } = await must(requestPromotion({ releaseId: releases[4]!.id, reason: 'too early' }, lead));
    const result = await must(approveAndDeploy({ requestId: id, decision: 'approved' }, lead2));
    expect(result).toMatchObject({ status: 'approved', deployment: null });
    expect(result.deployNote).toContain('gates not passed: Ran in staging for at least 600 min');
    expect((await getActiveRelease('production'))!.release.id).toBe(releases[0]!.id);
  });

  it('two approved promotions of different releases deployed at the same moment leave production on exactly one, the other superseded', async () => {
    for (let round = 0; round < 3; round++) {
      await sql(`UPDATE promotion_requests SET status = 'superseded' WHERE status IN ('requested', 'approved')`);
      const liveId = (await getActiveRelease('production'))!.release.id;
      const [a, b] = releases.slice(1, 4).filter((release) => release.id !== liveId);
      const requests = [];
      for (const release of [a!, b!]) {
        const { id } = await must(requestPromotion({ releaseId: release.id, reason: `race ${round}` }, lead));
        expect(await must(decidePromotion({ requestId: id, decision: 'approved' }, lead2))).toMatchObject({ status: 'approved' });
        requests.push(id);
      }
      const before = (await getActiveRelease('production'))!.deployment.id;
      const results = await Promise.all(requests.map((id, i) => deployPromotion(id, i === 0 ? lead2 : admin)));
      const winners = results.filter((result) => result.ok);
      expect(winners).toHaveLength(1);
      const loser = results.find((result) => !result.ok) as { message: string };
      expect(loser.message).toMatch(/superseded/);
      const live = (await getActiveRelease('production'))!;
      expect(live.release.id).toBe((winners[0] as { value: { releaseId: string } }).value.releaseId);
      expect(live.deployment.previousDeploymentId).toBe(before);
      const statuses = await sql<{ status: string }>('SELECT status::text FROM promotion_requests WHERE id = ANY($1::uuid[]) ORDER BY status', [requests]);
      expect(statuses.map((row) => row.status)).toEqual(['deployed', 'superseded']);
    }
    // The history is one unbroken chain: each production deployment follows the one before it.
    const chain = await sql<{ id: string; previous_deployment_id: string | null }>(`SELECT id, previous_deployment_id FROM deployments WHERE environment = 'production' ORDER BY id`);
    chain.forEach((row, i) => expect(row.previous_deployment_id).toBe(i === 0 ? null : chain[i - 1]!.id));
    const [pointer] = await sql<{ deployment_id: string }>(`SELECT deployment_id FROM environment_releases WHERE environment = 'production'`);
    expect(pointer!.deployment_id).toBe(chain.at(-1)!.id);
  });

  it('a rollback racing a deploy: both serialise, production ends on whichever committed last, the chain stays whole', async () => {
    await sql(`UPDATE promotion_requests SET status = 'superseded' WHERE status IN ('requested', 'approved')`);
    const live = (await getActiveRelease('production'))!;
    const candidate = releases.find((release) => release.id !== live.release.id && release.id !== releases[4]!.id)!;
    const { id } = await must(requestPromotion({ releaseId: candidate.id, reason: 'race with rollback' }, lead));
    await must(decidePromotion({ requestId: id, decision: 'approved' }, lead2));
    const [deployed, rolledBack] = await Promise.all([deployPromotion(id, lead2), rollbackRelease({ environment: 'production', reason: 'incident 42' }, admin)]);
    expect(rolledBack.ok).toBe(true);
    const last = (await sql<{ id: string; release_id: string }>(`SELECT id, release_id FROM deployments WHERE environment = 'production' ORDER BY id DESC LIMIT 1`))[0]!;
    expect((await getActiveRelease('production'))!.deployment.id).toBe(Number(last.id));
    if (deployed.ok) expect(Number(last.id)).toBe((rolledBack as { value: { deploymentId: number } }).value.deploymentId);
    else expect(deployed.message).toMatch(/superseded/);
  });
});

describe('rollback', () => {
  it('one step back to the previous release, with a reason, by one lead; recorded; refused to analysts and without a reason', async () => {
    const before = (await getActiveRelease('production'))!;
    const targets = await rollbackTargets('production');
    expect(targets[0]!.releaseId).not.toBe(before.release.id);
    expect(await rollbackRelease({ environment: 'production', reason: 'latency' }, analyst)).toMatchObject({ ok: false, status: 403 });
    expect(await rollbackRelease({ environment: 'production', reason: '' }, lead)).toMatchObject({ ok: false, fields: { reason: ['say why you roll back'] } });
    expect(await rollbackRelease({ environment: 'production', reason: 'stale view', expectedDeploymentId: before.deployment.id - 1 }, lead)).toMatchObject({ ok: false, status: 409 });
    const from = await nextSeq();
    const result = await must(rollbackRelease({ environment: 'production', reason: 'error rate up 4x', expectedDeploymentId: before.deployment.id }, lead));
    const after = (await getActiveRelease('production'))!;
    expect(after.release.id).toBe(targets[0]!.releaseId);
    expect(after.deployment).toMatchObject({ kind: 'rollback', reason: 'error rate up 4x', actor: lead.email, previousDeploymentId: before.deployment.id, id: result.deploymentId });
    const [entry] = await actionsSince(from);
    expect(entry).toMatchObject({ actor: lead.email, action: 'release.rolled_back', target: `release:${targets[0]!.releaseId}` });
    expect(entry!.details).toMatchObject({ environment: 'production', from_release: before.release.id, reason: 'error rate up 4x' });
  });

  it('to an earlier release picked from the history', async () => {
    const targets = await rollbackTargets('production');
    const earlier = targets.at(-1)!;
    await must(rollbackRelease({ environment: 'production', releaseId: earlier.releaseId, reason: 'back to the known good one' }, admin));
    expect((await getActiveRelease('production'))!.release.id).toBe(earlier.releaseId);
    expect(await rollbackRelease({ environment: 'production', releaseId: releases[4]!.id, reason: 'never ran there' }, admin)).toMatchObject({ ok: false, status: 409 });
  });

  it('switches the model to its previous config version or its fallback, keeping the release', async () => {
    // Put a release with model config v2 (which has a fallback) live first.
    const withV2 = releases.find((release) => release.name !== 'p-1')!;
    const live = (await getActiveRelease('production'))!;
    if (live.release.id !== withV2.id) {
      const { id } = await must(requestPromotion({ releaseId: withV2.id, reason: 'model v2' }, lead));
      await must(approveAndDeploy({ requestId: id, decision: 'approved' }, lead2));
    }
    const options = (await modelRollbackOptions('production'))!;
    expect(options.current).toBe('anthropic/claude-sonnet-4 (p-main v2)');
    expect(options.options.map((option) => option.target.replace(/:[0-9a-f-]{36}$/, ':<id>'))).toEqual(['version:<id>', 'fallback:0']);
    expect(await rollbackModel({ environment: 'production', target: 'fallback:0', reason: 'x' }, lead)).toMatchObject({ ok: false, fields: { reason: expect.any(Array) } });
    const from = await nextSeq();
    await must(rollbackModel({ environment: 'production', target: 'fallback:0', reason: 'provider outage' }, lead));
    let after = (await getActiveRelease('production'))!;
    expect(after.release.id).toBe(withV2.id);
    expect(after.model).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1-mini', fallbackIndex: 0 });
    expect(after.deployment.kind).toBe('model_rollback');
    await must(rollbackModel({ environment: 'production', target: options.options[0]!.target, reason: 'v2 misbehaves' }, admin));
    after = (await getActiveRelease('production'))!;
    expect(after.model).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1', fallbackIndex: null, config: { version: 1 } });
    expect((await actionsSince(from)).map((row) => [row.actor, row.action, row.details.to])).toEqual([
      [lead.email, 'model.rolled_back', 'fallback 1 of p-main v2: openai/gpt-4.1-mini'],
      [admin.email, 'model.rolled_back', expect.stringContaining('p-main v1 (previous version): openai/gpt-4.1')],
    ]);
  });

  it('refuses anything but a signed-in lead/admin session actor (API tokens have no way in)', async () => {
    const token = { via: 'token', id: '', email: 'token:wdn_staging_x', role: 'admin' } as unknown as SessionActor;
    for (const result of await Promise.all([
      requestPromotion({ releaseId: releases[3]!.id, reason: 'via token' }, token),
      decidePromotion({ requestId: '00000000-0000-4000-8000-000000000000', decision: 'approved' }, token),
      deployPromotion('00000000-0000-4000-8000-000000000000', token),
      rollbackRelease({ environment: 'production', reason: 'via token' }, token),
      rollbackModel({ environment: 'production', target: 'primary', reason: 'via token' }, token),
    ])) {
      expect(result).toMatchObject({ ok: false, status: 403, message: expect.stringContaining('never with an API token') });
    }
  });
});
