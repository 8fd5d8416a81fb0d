import { describe, expect, it } from 'vitest';
import { MASK, maskExecutionContent, maskJson, maskSecrets } from './maskSecrets';

const PRIVATE_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB
aFDrBz9vFqU4yQ7yKQ1M1w==
-----END RSA PRIVATE KEY-----`;
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('maskSecrets', () => {
  it.each([
    ['Stripe live key', 'config loaded: api_key=sk_live_4fK9xQ2mZ7pL region=eu', `config loaded: api_key=sk_live_${MASK} region=eu`, 'Stripe key'],
    ['AWS access key id', 'using AKIAIOSFODNN7EXAMPLE for s3', `using AKIA${MASK} for s3`, 'AWS access key'],
    ['GitHub token', 'token ghp_16C7e42F292c6912E7710c838347Ae178B4a in env', `token ghp_${MASK} in env`, 'GitHub token'],
    ['fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', `github_pat_${MASK}`, 'GitHub token'],
    ['JWT', `Authorization: ${JWT}`, `Authorization: eyJ${MASK}`, 'JWT'],
    ['password in a URL', 'connect postgres://app:hunter2secret@db.internal:5432/prod', `connect postgres://app:${MASK}@db.internal:5432/prod`, 'password in URL'],
    ['bearer token', 'curl -H "Authorization: Bearer abcdefghijklmnop1234"', `curl -H "Authorization: Bearer ${MASK}"`, 'bearer token'],
    ['Slack token', 'xoxb-123456789012-abcdefABCDEF', `xoxb-${MASK}`, 'Slack token'],
    ['OpenAI-style key', 'OPENAI_API_KEY is sk-proj-abcdefghijklmnopqrstuvwxyz012345', `OPENAI_API_KEY is sk-proj-${MASK}`, 'API key'],
    ['Warden token', 'wdn_staging_0123456789abcdefghijABCDEFGHIJ01234567', `wdn_staging_${MASK}`, 'Warden token'],
    ['password assignment', 'login with password=Tr0ub4dor&3', `login with password=${MASK}`, 'credential assignment'],
  ])('masks a %s', (_, text, expected, kind) => {
    expect(maskSecrets(text)).toEqual({ text: expected, kinds: [kind] });
  });

  it('masks a private key block whole, keeping its type', () => {
    const { text, kinds } = maskSecrets(`key:\n${PRIVATE_KEY}\nend`);
    expect(text).toBe(`key:\n-----BEGIN RSA PRIVATE KEY-----\n${MASK}\n-----END RSA PRIVATE KEY-----\nend`);
    expect(text).not.toContain('MIIEow');
    expect(kinds).toEqual(['private key']);
  });

  it('masks a truncated private key to the end of the text', () => {
    expect(maskSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA').text).not.toContain('b3BlbnNz');
  });

  it('leaves ordinary text, identifiers and publishable keys alone', () => {
    for (const text of ['ls -la /tmp', 'sk_live_ is the prefix', 'pk_live_abcdef1234', 'Rechnungsbeträge in EUR', '本番環境のレイテンシ', 'https://example.com/path?a=b', 'password reset requested']) {
      expect(maskSecrets(text)).toEqual({ text, kinds: [] });
    }
  });

  it('never masks a value twice', () => {
    expect(maskSecrets('secret=sk_live_4fK9xQ2mZ7pL').text).toBe(`secret=sk_live_${MASK}`);
    expect(maskSecrets(maskSecrets('AKIAIOSFODNN7EXAMPLE').text)).toEqual({ text: `AKIA${MASK}`, kinds: [] });
  });
});

describe('maskJson', () => {
  it('masks strings at any depth and sensitive keys whole, keeping the shape', () => {
    const { value, kinds } = maskJson({
      cmd: 'deploy', env: { password: 'correct horse', DB_URL: 'mysql://root:toor@db/x' }, list: ['ok', 'AKIAIOSFODNN7EXAMPLE'], count: 3, token: null,
    });
    expect(value).toEqual({ cmd: 'deploy', env: { password: MASK, DB_URL: `mysql://root:${MASK}@db/x` }, list: ['ok', `AKIA${MASK}`], count: 3, token: null });
    expect(kinds.sort()).toEqual(['AWS access key', 'password in URL', 'value of "password"']);
  });

  it('returns nothing masked for clean values', () => {
    expect(maskJson({ query: 'label:bug', limit: 10 })).toEqual({ value: { query: 'label:bug', limit: 10 }, kinds: [] });
    expect(maskJson('plain')).toEqual({ value: 'plain', kinds: [] });
  });
});

describe('maskExecutionContent', () => {
  it('names the fields that had secrets', () => {
    const result = maskExecutionContent({ prompt: 'hello', output: { text: 'api_key=sk_live_4fK9xQ2mZ7pL' }, error: null, arguments: { q: 'x' } });
    expect(result.masked).toEqual(['output']);
    expect(result.content).toEqual({ prompt: 'hello', output: { text: `api_key=sk_live_${MASK}` }, arguments: { q: 'x' } });
  });
});
