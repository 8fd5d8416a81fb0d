import { describe, expect, it } from 'vitest';
import { ruleContext, testExecution } from '../testing';
import { secretInOutput } from './secretInOutput';

// Assembled at run time so secret scanners do not flag this file.
const AWS_ID = ['AKIA', 'Q3EXAMPLE7XJ2KDM'].join('');
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PEM = ['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' ');
const b64url = (text: string) => Buffer.from(text).toString('base64url');
const JWT = [b64url('{"alg":"HS256","typ":"JWT"}'), b64url('{"sub":"ana","role":"admin"}'), 'Xk2n4Vb8Qp0s1Lm3Zr7Tu9Wy5Ac6De8Fg0Hj2Kl4Mn'].join('.');
const GH = ['ghp', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('_');
const STRIPE = ['sk', 'live', '4fDEMOa8B7c6D5e4F3g2H1i0'].join('_');

const run = (output: unknown, error: string | null = null) => secretInOutput.detect([testExecution({ output, error })], ruleContext());

describe('secret_in_output', () => {
  it.each([
    ['an AWS access key id', `AWS_ACCESS_KEY_ID=${AWS_ID}`, 'AWS access key id', AWS_ID.slice(8)],
    ['an AWS secret key', `aws_secret_access_key = ${AWS_SECRET}`, 'AWS secret access key', AWS_SECRET.slice(-30)],
    ['a private key', `${PEM}\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----`, 'private key', 'b3BlbnNzaC1rZXktdjEAAAAA'],
    ['a JWT', JSON.stringify({ token: JWT }), 'JWT', JWT.slice(-20)],
    ['a GitHub token', `token: ${GH}`, 'GitHub token', GH.slice(10)],
    ['a Stripe live key', `STRIPE_SECRET_KEY=${STRIPE}`, 'Stripe secret key', STRIPE.slice(12)],
    ['a password in a connection URL', 'DATABASE_URL=postgres://app:9f8e7d6c5b4a3f2e@db.internal:5432/prod', 'password in a connection URL', '9f8e7d6c5b4a3f2e'],
  ])('finds %s', async (_name, output, kind, secretPart) => {
    const [finding] = await run(output);
    expect(finding!.title).toContain(kind);
    // The alert never repeats the secret itself.
    expect(finding!.explanation).not.toContain(secretPart);
  });

  it.each([
    ['split with zero-width spaces', `key ${AWS_ID.slice(0, 8)}\u200b${AWS_ID.slice(8)}`],
    ['in full-width letters', `key ${[...AWS_ID].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('')}`],
    ['nested in JSON', { content: [{ type: 'text', text: JSON.stringify({ creds: { id: AWS_ID } }) }] }],
    ['in the error message', null],
  ])('finds a key %s', async (_name, output) => {
    const findings = output === null ? await run('failed', `could not use ${AWS_ID}: expired`) : await run(output);
    expect(findings).toHaveLength(1);
  });

  it('is critical for cloud and private keys, high for JWTs alone', async () => {
    expect((await run(`AWS_ACCESS_KEY_ID=${AWS_ID}`))[0]!.severity).toBe('critical');
    expect((await run(JWT))[0]!.severity).toBe('high');
  });

  it.each([
    ['a git sha', 'commit 0f3c2a9d1e8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a'],
    ['a UUID', 'request 2f1c1f9e-3c55-4a7c-9d59-0d6b2a9f5e11'],
    ['a placeholder password', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db/prod'],
    ['a masked password', 'postgres://app:********@db/prod'],
    ['a JWT-looking string that is not one', 'eyJhbGciOiJIUzI1NiJ9garbage.eyJzdWIiOiJ4In0xx.abcdefghijklmnopqrstuv'.replace('eyJhbGciOiJIUzI1NiJ9garbage', 'eyJub3QganNvbiBhdCBhbGw')],
    ['AKIA inside a longer word', `XAKIA${'ABCDEFGHIJKLMNOP'}Q`],
    ['a Stripe test key', ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_')],
  ])('leaves %s alone', async (_name, output) => {
    expect(await run(output)).toEqual([]);
  });
});
