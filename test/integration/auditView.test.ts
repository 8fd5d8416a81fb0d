import { beforeAll, describe, expect, it } from 'vitest';
import { auditFilterInput, listConsoleActions, recordConsoleAction } from '../../lib/audit';
import { freshDatabase } from '../support/freshDatabase';

const ANA = { id: null, label: 'ana@example.com' };
const LEE = { id: null, label: 'lee@example.com' };

beforeAll(async () => {
  await freshDatabase();
  await recordConsoleAction({ actor: ANA, action: 'token.created', target: 'token:wdn_staging_AAAAAA' });
  await recordConsoleAction({ actor: LEE, action: 'token.revoked', target: 'token:wdn_staging_AAAAAA' });
  await recordConsoleAction({ actor: ANA, action: 'user.created', target: 'user:bob@example.com' });
  await recordConsoleAction({ actor: ANA, action: 'policy.created', target: 'policy:research-bot' });
});

const view = async (filter: Record<string, unknown>, pageSize?: number) => listConsoleActions(auditFilterInput.parse(filter), pageSize);

describe('audit view (console log)', () => {
  it('filters by actor (any case), action or action family, and target substring, newest first', async () => {
    expect((await view({ actor: 'ANA@example.com' })).items.map((item) => item.action)).toEqual(['policy.created', 'user.created', 'token.created']);
    expect((await view({ action: 'token.*' })).items.map((item) => item.actor)).toEqual(['lee@example.com', 'ana@example.com']);
    expect((await view({ action: 'token.revoked' })).items).toHaveLength(1);
    expect((await view({ target: 'WDN_STAGING_aaaaaa' })).items).toHaveLength(2);
    expect((await view({ actor: 'ana@example.com', action: 'token.', target: 'wdn_' })).items.map((item) => item.action)).toEqual(['token.created']);
    expect((await view({ actor: 'nobody' })).items).toEqual([]);
  });

  it('pages by seq without overlap', async () => {
    const first = await view({}, 2);
    expect(first.items).toHaveLength(2);
    const second = await view({ before: first.nextBefore }, 2);
    expect(second.items.map((item) => item.seq).every((seq) => seq < first.items.at(-1)!.seq)).toBe(true);
    expect(second.nextBefore).toBeNull();
  });

  it('treats empty fields as no filter', () => {
    expect(auditFilterInput.parse({ actor: ' ', action: '', target: '', before: '' })).toEqual({});
  });
});
