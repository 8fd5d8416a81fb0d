import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import {
  applyReleasePromptLabels, createPrompt, createPromptVersion, getPromptDetail, getPromptVersion, getPromptVersionsByIds,
  listPrompts, promptChecksums, setStagingLabel,
} from '../../lib/prompts';
import { freshDatabase } from '../support/freshDatabase';
import { sql } from '../support/ingestFixtures';

const LEE = { id: '0b7e6a52-8f43-4f0e-9a2c-5b1d9c3e7f20', label: 'lee@example.com' };
const TEMPLATE_V1 = 'Triage {{key}} for the {{team}} team. Decide priority and owner.';
const TEMPLATE_V2 = 'Triage {{key}} for the {{team}} team. Decide priority, component and owner.';

let ids: { v1: string; v2: string };

beforeAll(async () => {
  await freshDatabase();
  const first = await createPrompt({ name: 'triage-ticket', description: 'Ticket triage', owner: 'support', template: TEMPLATE_V1, parameters: { temperature: 0.2 }, tag: '1.0.0', message: 'first' }, LEE);
  if (!first.ok) throw new Error(first.message);
  const second = await createPromptVersion({ name: 'triage-ticket', template: TEMPLATE_V2, parameters: { temperature: 0.2 }, tag: 'v1.1.0', message: 'add component' }, LEE);
  if (!second.ok) throw new Error(second.message);
  ids = { v1: first.value.id, v2: second.value.id };
});

describe('prompt registry', () => {
  it('numbers versions 1, 2, … and stores the checksums of the canonical form', async () => {
    const detail = await getPromptDetail('triage-ticket');
    expect(detail?.versions.map((version) => [version.version, version.tag, version.variables])).toEqual([[2, '1.1.0', ['key', 'team']], [1, '1.0.0', ['key', 'team']]]);
    const v1 = detail!.versions[1]!;
    expect(v1.checksum).toBe(promptChecksums({ template: TEMPLATE_V1, variables: ['team', 'key'], parameters: { temperature: 0.2 } }).checksum);
    const templateDigest = (await sql<{ d: string }>(`SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS d`, [TEMPLATE_V1]))[0]!.d;
    expect(v1.templateChecksum).toBe(templateDigest);
    expect(detail!.labelHistory).toEqual([]);
    expect((await listPrompts()).map((prompt) => [prompt.name, prompt.latestVersion])).toEqual([['triage-ticket', 2]]);
  });

  it('finds a version by number, v-number, tag, latest and label; unknown references give null', async () => {
    expect((await getPromptVersion('triage-ticket', '1'))?.id).toBe(ids.v1);
    expect((await getPromptVersion('triage-ticket', 'v2'))?.id).toBe(ids.v2);
    expect((await getPromptVersion('triage-ticket', '1.0.0'))?.id).toBe(ids.v1);
    expect((await getPromptVersion('triage-ticket', 'latest'))?.id).toBe(ids.v2);
    expect(await getPromptVersion('triage-ticket', 'production')).toBeNull();
    expect(await getPromptVersion('triage-ticket', '9')).toBeNull();
    expect(await getPromptVersion('no-such', '1')).toBeNull();
  });

  it('refuses an unchanged version, a reused tag, undeclared variables, a stale base and bad input', async () => {
    expect(await createPromptVersion({ name: 'triage-ticket', template: `${TEMPLATE_V2}\r\n\r\n`, parameters: { temperature: 0.2 } }, LEE))
      .toMatchObject({ ok: false, status: 409, fields: { template: [expect.stringContaining('identical to v2')] } });
    expect(await createPromptVersion({ name: 'triage-ticket', template: 'New {{key}}', tag: '1.0.0' }, LEE))
      .toMatchObject({ ok: false, status: 409, fields: { tag: [expect.stringContaining('already used')] } });
    expect(await createPromptVersion({ name: 'triage-ticket', template: 'Use {{secret}}', variables: ['key'] }, LEE))
      .toMatchObject({ ok: false, status: 400, fields: { variables: [expect.stringContaining('{{secret}}')] } });
    expect(await createPromptVersion({ name: 'triage-ticket', template: 'New {{key}}', baseVersion: 1 }, LEE))
      .toMatchObject({ ok: false, status: 409, fields: { baseVersion: [expect.stringContaining('v2 landed')] } });
    expect(await createPromptVersion({ name: 'triage-ticket', template: 'x', parameters: '{not json' }, LEE))
      .toMatchObject({ ok: false, status: 400, fields: { parameters: expect.any(Array) } });
    expect(await createPrompt({ name: '../etc', template: 'x' }, LEE)).toMatchObject({ ok: false, status: 400, fields: { name: expect.any(Array) } });
    expect(await createPrompt({ name: 'triage-ticket', template: 'x' }, LEE)).toMatchObject({ ok: false, status: 409 });
    expect(await createPromptVersion({ name: 'nope', template: 'x' }, LEE)).toMatchObject({ ok: false, status: 404 });
    expect((await getPromptDetail('triage-ticket'))!.versions).toHaveLength(2);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of versions, through SQL and through Prisma', async () => {
    await expect(sql(`UPDATE prompt_versions SET template = 'poisoned' WHERE id = $1`, [ids.v1])).rejects.toThrow(/immutable/);
    await expect(sql(`UPDATE prompt_versions SET message = 'reworded' WHERE id = $1`, [ids.v1])).rejects.toThrow(/immutable/);
    await expect(sql(`DELETE FROM prompt_versions WHERE id = $1`, [ids.v1])).rejects.toThrow(/immutable/);
    await expect(sql('TRUNCATE prompt_versions CASCADE')).rejects.toThrow(/immutable/);
    await expect(db().promptVersion.update({ where: { id: ids.v1 }, data: { template: 'poisoned' } })).rejects.toThrow(/immutable/);
    await expect(db().promptVersion.deleteMany({})).rejects.toThrow(/immutable/);
    await expect(db().prompt.delete({ where: { name: 'triage-ticket' } })).rejects.toThrow();
    expect((await getPromptVersion('triage-ticket', '1'))?.template).toBe(TEMPLATE_V1);
  });

  it('the database refuses gaps in numbering and a checksum that is not the template\'s', async () => {
    const promptId = (await getPromptDetail('triage-ticket'))!.id;
    const insert = (version: number, templateChecksum: string) => sql(
      `INSERT INTO prompt_versions (prompt_id, version, template, variables, checksum, template_checksum, author) VALUES ($1, $2, 'x', '{}', $3, $4, 'sql')`,
      [promptId, version, 'a'.repeat(64), templateChecksum]);
    const realDigest = (await sql<{ d: string }>(`SELECT encode(sha256('x'::bytea), 'hex') AS d`))[0]!.d;
    await expect(insert(7, realDigest)).rejects.toThrow(/out of sequence/);
    await expect(insert(3, 'b'.repeat(64))).rejects.toThrow(/template_checksum_matches/);
  });

  it('moves the staging label on request and refuses production outside a release, also in SQL', async () => {
    expect(await setStagingLabel({ name: 'triage-ticket', version: 1 }, LEE)).toEqual({ ok: true, value: { moved: true, from: null, to: 1 } });
    expect(await setStagingLabel({ name: 'triage-ticket', version: 1 }, LEE)).toEqual({ ok: true, value: { moved: false, from: 1, to: 1 } });
    expect(await setStagingLabel({ name: 'triage-ticket', version: 5 }, LEE)).toMatchObject({ ok: false, status: 404 });
    const promptId = (await getPromptDetail('triage-ticket'))!.id;
    await expect(sql(`INSERT INTO prompt_labels (prompt_id, environment, prompt_version_id, updated_by) VALUES ($1, 'production', $2, 'sql')`, [promptId, ids.v2]))
      .rejects.toThrow(/only through a release/);
    await expect(db().promptLabel.create({ data: { promptId, environment: 'production', promptVersionId: ids.v2, updatedBy: 'prisma' } }))
      .rejects.toThrow(/only through a release/);
    expect((await getPromptDetail('triage-ticket'))!.labels).toEqual({ staging: 1 });
    const [action] = await sql<{ action: string; details: unknown }>(`SELECT action, details FROM console_actions WHERE action = 'prompt.label_moved'`);
    expect(action).toEqual({ action: 'prompt.label_moved', details: { environment: 'staging', from: null, to: 1 } });
  });

  it('applyReleasePromptLabels moves production inside the caller\'s transaction, and only there', async () => {
    const moves = await db().$transaction((tx) => applyReleasePromptLabels(tx, 'production', [ids.v2], { actor: 'release:r1' }));
    expect(moves).toEqual([expect.objectContaining({ promptName: 'triage-ticket', environment: 'production', fromVersion: null, toVersion: 2, toVersionId: ids.v2 })]);
    expect((await getPromptVersion('triage-ticket', 'production'))?.id).toBe(ids.v2);
    // The mark is cleared before the helper returns: later statements of the same transaction cannot move production.
    const promptId = (await getPromptDetail('triage-ticket'))!.id;
    await expect(db().$transaction(async (tx) => {
      await applyReleasePromptLabels(tx, 'production', [ids.v1]);
      await tx.promptLabel.update({ where: { promptId_environment: { promptId, environment: 'production' } }, data: { promptVersionId: ids.v2 } });
    })).rejects.toThrow(/only through a release/);
    // A rolled-back deploy leaves the label where it was.
    await expect(db().$transaction(async (tx) => {
      await applyReleasePromptLabels(tx, 'production', [ids.v1]);
      throw new Error('deploy failed');
    })).rejects.toThrow('deploy failed');
    expect((await getPromptVersion('triage-ticket', 'production'))?.version).toBe(2);
    await expect(db().$transaction((tx) => applyReleasePromptLabels(tx, 'production', [ids.v1, ids.v2]))).rejects.toThrow(/same prompt/);
    await expect(db().$transaction((tx) => applyReleasePromptLabels(tx, 'production', ['nope']))).rejects.toThrow(/unknown prompt version/);
    const history = (await getPromptDetail('triage-ticket'))!.labelHistory;
    expect(history.map((move) => [move.environment, move.fromVersion, move.toVersion, move.via, move.movedBy])).toEqual([
      ['production', null, 2, 'release', 'release:r1'],
      ['staging', null, 1, 'console', 'lee@example.com'],
    ]);
    await expect(sql('DELETE FROM prompt_label_moves')).rejects.toThrow(/append-only/);
  });

  it('getPromptVersionsByIds answers in the order asked and leaves unknown ids out', async () => {
    const versions = await getPromptVersionsByIds([ids.v2, 'missing', ids.v1]);
    expect(versions.map((version) => [version.promptName, version.version])).toEqual([['triage-ticket', 2], ['triage-ticket', 1]]);
    expect(await getPromptVersionsByIds([])).toEqual([]);
  });
});
