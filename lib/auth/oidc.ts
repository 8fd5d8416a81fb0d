import { randomBytes } from 'node:crypto';
import { recordConsoleAction } from '../audit';
import { db } from '../db/client';
import type { AuthenticatedUser } from './authenticate';
import { hashPassword } from './password';
import { ROLES, isRole, type Role } from './roles';
import { normaliseEmail, setUserRole, UserInputError } from './users';

/**
 * Optional single sign-on through any OpenID Connect provider (next-auth's generic OIDC provider),
 * configured by environment variables; off unless WARDEN_OIDC_ISSUER is set. Roles come from a
 * claim (WARDEN_OIDC_ROLE_CLAIM, default `groups`; a string or an array of strings) mapped by
 * WARDEN_OIDC_{ADMIN,LEAD,ANALYST}_VALUES (comma lists); without a map, the claim values `admin`,
 * `lead`, `analyst` themselves. The highest matching role wins; no match → WARDEN_OIDC_DEFAULT_ROLE,
 * or the sign-in is refused.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  /** Space-separated scopes asked for; some providers release the role claim only for its own scope (`groups`). */
  scopes: string;
  roleClaim: string;
  roleValues: Record<Role, string[]>;
  defaultRole: Role | null;
}

const values = (text: string | undefined) => (text ?? '').split(',').map((value) => value.trim()).filter(Boolean);

export function oidcConfig(env: Record<string, string | undefined> = process.env): OidcConfig | null {
  const issuer = env.WARDEN_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const clientId = env.WARDEN_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.WARDEN_OIDC_CLIENT_SECRET ?? '';
  if (!clientId) throw new Error('WARDEN_OIDC_ISSUER is set but WARDEN_OIDC_CLIENT_ID is not');
  const mapped = { admin: values(env.WARDEN_OIDC_ADMIN_VALUES), lead: values(env.WARDEN_OIDC_LEAD_VALUES), analyst: values(env.WARDEN_OIDC_ANALYST_VALUES) };
  const anyMapped = ROLES.some((role) => mapped[role].length > 0);
  const defaultRole = env.WARDEN_OIDC_DEFAULT_ROLE?.trim() || null;
  if (defaultRole !== null && !isRole(defaultRole)) throw new Error('WARDEN_OIDC_DEFAULT_ROLE must be analyst, lead or admin');
  const scopes = values((env.WARDEN_OIDC_SCOPES ?? 'openid email profile').replaceAll(' ', ','));
  if (!scopes.includes('openid')) scopes.unshift('openid');
  return {
    issuer, clientId, clientSecret, name: env.WARDEN_OIDC_NAME?.trim() || 'single sign-on', scopes: scopes.join(' '),
    roleClaim: env.WARDEN_OIDC_ROLE_CLAIM?.trim() || 'groups',
    roleValues: anyMapped ? mapped : { admin: ['admin'], lead: ['lead'], analyst: ['analyst'] },
    defaultRole: defaultRole as Role | null,
  };
}

/**
 * The user's claims: the verified ID token's, completed by the userinfo endpoint. Providers that
 * follow OIDC Core §5.4 with the code flow (oidc-provider, Okta, Authentik, …) put only `sub` in the
 * ID token and release email, name and groups at userinfo, so reading the ID token alone finds no
 * email and no role. A userinfo answer about another `sub` is refused (OIDC Core §5.3.2). When the
 * endpoint is missing or unreachable, the ID token's claims are all there is (the role mapping decides).
 */
export async function profileClaims(idTokenClaims: Record<string, unknown>, fetchUserinfo: (() => Promise<Record<string, unknown>>) | null): Promise<Record<string, unknown>> {
  if (!fetchUserinfo) return idTokenClaims;
  let userinfo: Record<string, unknown>;
  try {
    userinfo = await fetchUserinfo();
  } catch (error) {
    console.error(`OIDC userinfo request failed; using the ID token's claims only: ${error instanceof Error ? error.message : String(error)}`);
    return idTokenClaims;
  }
  if (userinfo.sub !== idTokenClaims.sub) throw new Error(`OIDC userinfo is about subject ${String(userinfo.sub)}, the ID token about ${String(idTokenClaims.sub)}`);
  return { ...idTokenClaims, ...userinfo };
}

/** The role the claims map to (highest wins), the default role, or null: no access. */
export function roleFromClaims(claims: Record<string, unknown>, config: Pick<OidcConfig, 'roleClaim' | 'roleValues' | 'defaultRole'>): Role | null {
  const raw = config.roleClaim.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), claims);
  const held = new Set((Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string'));
  for (const role of [...ROLES].reverse()) {
    if (config.roleValues[role].some((value) => held.has(value))) return role;
  }
  return config.defaultRole;
}

/**
 * Signs in (and on first sign-in creates) the Warden user for verified OIDC claims, with the role
 * the claims map to. Deactivated users stay out; the last active admin is never demoted by a claim.
 * Every outcome is a console action, like password sign-ins.
 */
export async function signInWithOidc(claims: Record<string, unknown>, config: OidcConfig, ip: string): Promise<AuthenticatedUser | null> {
  const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : '';
  const label = email || String(claims.sub ?? 'unknown');
  const fail = async (reason: string) => {
    await recordConsoleAction({ actor: { id: null, label }, action: 'sign_in.failed', target: `user:${label}`, details: { method: 'oidc', reason }, sourceIp: ip });
    return null;
  };
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return fail('no email claim');
  if (claims.email_verified === false) return fail('email not verified by the provider');
  const role = roleFromClaims(claims, config);
  if (!role) return fail(`no role: claim ${config.roleClaim} has no mapped value`);
  let user = await db().user.findUnique({ where: { email } });
  if (user && !user.active) return fail('deactivated');
  if (!user) {
    // A password nobody knows: this account signs in through the provider only (an admin can reset it).
    user = await db().user.create({ data: { email, name: typeof claims.name === 'string' ? claims.name.slice(0, 200) : null, role, passwordHash: await hashPassword(randomBytes(32).toString('base64url')) } });
    await recordConsoleAction({ actor: { id: null, label: 'oidc' }, action: 'user.created', target: `user:${email}`, details: { role, method: 'oidc' } });
  } else if (user.role !== role) {
    try {
      user = (await setUserRole(email, role, { id: null, label: 'oidc' })).user;
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error; // the last admin keeps the role
    }
  }
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordConsoleAction({ actor: { id: user.id, label: email }, action: 'sign_in.succeeded', target: `user:${email}`, details: { method: 'oidc', role: user.role }, sourceIp: ip });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionEpoch: user.sessionEpoch };
}

