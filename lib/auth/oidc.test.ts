import { describe, expect, it } from 'vitest';
import { oidcConfig, profileClaims, roleFromClaims } from './oidc';

const env = { WARDEN_OIDC_ISSUER: 'https://idp.example.com/realms/acme', WARDEN_OIDC_CLIENT_ID: 'warden', WARDEN_OIDC_CLIENT_SECRET: 's' };

describe('OIDC configuration and role mapping', () => {
  it('is off without an issuer and refuses half a configuration', () => {
    expect(oidcConfig({})).toBeNull();
    expect(() => oidcConfig({ WARDEN_OIDC_ISSUER: 'https://idp' })).toThrow(/CLIENT_ID/);
    expect(() => oidcConfig({ ...env, WARDEN_OIDC_DEFAULT_ROLE: 'root' })).toThrow(/DEFAULT_ROLE/);
  });

  it('maps claim values to the highest role, from a list or a single string, also in a nested claim', () => {
    const config = oidcConfig({ ...env, WARDEN_OIDC_ADMIN_VALUES: 'warden-admins', WARDEN_OIDC_LEAD_VALUES: 'sec-leads, release-managers', WARDEN_OIDC_ANALYST_VALUES: 'soc' })!;
    expect(roleFromClaims({ groups: ['soc', 'release-managers'] }, config)).toBe('lead');
    expect(roleFromClaims({ groups: ['soc', 'warden-admins'] }, config)).toBe('admin');
    expect(roleFromClaims({ groups: 'soc' }, config)).toBe('analyst');
    expect(roleFromClaims({ groups: ['marketing'] }, config)).toBeNull();
    expect(roleFromClaims({}, config)).toBeNull();
    const nested = oidcConfig({ ...env, WARDEN_OIDC_ROLE_CLAIM: 'realm_access.roles', WARDEN_OIDC_ADMIN_VALUES: 'warden-admin' })!;
    expect(roleFromClaims({ realm_access: { roles: ['offline_access', 'warden-admin'] } }, nested)).toBe('admin');
  });

  it('uses the role names themselves without a map, and a default role when set', () => {
    expect(roleFromClaims({ groups: ['lead'] }, oidcConfig(env)!)).toBe('lead');
    expect(roleFromClaims({ groups: ['x'] }, oidcConfig({ ...env, WARDEN_OIDC_DEFAULT_ROLE: 'analyst' })!)).toBe('analyst');
  });
});

describe('OIDC scopes and profile claims', () => {
  it('asks for openid email profile by default, for configured scopes otherwise, always with openid', () => {
    expect(oidcConfig(env)!.scopes).toBe('openid email profile');
    expect(oidcConfig({ ...env, WARDEN_OIDC_SCOPES: 'openid email profile groups' })!.scopes).toBe('openid email profile groups');
    expect(oidcConfig({ ...env, WARDEN_OIDC_SCOPES: 'email,groups' })!.scopes).toBe('openid email groups');
  });

  it('completes the ID token\'s claims from userinfo, and refuses userinfo about another subject', async () => {
    const idToken = { sub: 'u1', iss: 'https://idp', email: 'old@example.com' };
    expect(await profileClaims(idToken, null)).toEqual(idToken);
    expect(await profileClaims(idToken, async () => ({ sub: 'u1', email: 'a@example.com', groups: ['soc'] })))
      .toEqual({ sub: 'u1', iss: 'https://idp', email: 'a@example.com', groups: ['soc'] });
    await expect(profileClaims(idToken, async () => ({ sub: 'someone-else', groups: ['warden-admins'] }))).rejects.toThrow(/subject someone-else/);
    await expect(profileClaims(idToken, async () => ({ groups: ['warden-admins'] }))).rejects.toThrow(/subject undefined/);
  });

  it('falls back to the ID token\'s claims when userinfo fails', async () => {
    const idToken = { sub: 'u1', email: 'a@example.com', groups: ['soc'] };
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(await profileClaims(idToken, async () => { throw new Error('ECONNREFUSED'); })).toEqual(idToken);
    } finally {
      console.error = quiet;
    }
  });
});
