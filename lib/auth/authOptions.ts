import type { Account, NextAuthOptions, Profile } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { db } from '../db/client';
import { authenticate } from './authenticate';
import { authSecret } from './authSecret';
import { clientAddress } from './clientAddress';
import { oidcConfig, profileClaims, signInWithOidc } from './oidc';
import { isRole } from './roles';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const oidc = oidcConfig();

/** next-auth's generic OpenID Connect provider, when WARDEN_OIDC_ISSUER is set (lib/auth/oidc.ts). */
const oidcProviders: Array<OAuthConfig<Record<string, unknown>>> = oidc ? [{
  id: 'oidc', name: oidc.name, type: 'oauth', wellKnown: new URL('.well-known/openid-configuration', oidc.issuer.endsWith('/') ? oidc.issuer : `${oidc.issuer}/`).toString(),
  clientId: oidc.clientId, clientSecret: oidc.clientSecret, idToken: true, checks: ['pkce', 'state', 'nonce'],
  authorization: { params: { scope: oidc.scopes } },
  userinfo: {
    request: ({ tokens, client }) => {
      // next-auth types `tokens` as plain fields; at runtime it is openid-client's TokenSet, its ID token verified.
      const idTokenClaims = (tokens as typeof tokens & { claims(): Record<string, unknown> }).claims();
      const accessToken = tokens.access_token;
      return profileClaims(idTokenClaims, client.issuer.metadata.userinfo_endpoint && accessToken ? () => client.userinfo(accessToken) : null);
    },
  },
  // role and sessionEpoch are placeholders: the jwt callback reads the real ones from the database.
  profile: (profile) => ({
    id: String(profile.sub), email: typeof profile.email === 'string' ? profile.email : null, name: typeof profile.name === 'string' ? profile.name : null,
    role: 'analyst', sessionEpoch: -1,
  }),
}] : [];

async function oidcSignIn(account: Account | null, profile: Profile | undefined, sourceIp: string): Promise<boolean> {
  if (account?.provider !== 'oidc') return true;
  return Boolean(oidc && profile && (await signInWithOidc(profile as Record<string, unknown>, oidc, sourceIp)));
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const user = await authenticate(credentials, clientAddress(req?.headers));
        if (!user) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role, sessionEpoch: user.sessionEpoch };
      },
    }),
    ...oidcProviders,
  ],
  callbacks: {
    // Outside the sign-in route (getServerSession) no sign-in happens; the route passes the address (authOptionsFor).
    signIn: ({ account, profile }) => oidcSignIn(account, profile, 'unknown'),
    async jwt({ token, user, account }) {
      if (account?.provider === 'oidc' && user?.email) {
        // The session names the Warden user (signInWithOidc created or updated it), not the provider's subject.
        const row = await db().user.findUnique({ where: { email: user.email.trim().toLowerCase() } });
        if (!row) throw new Error('OIDC user was not provisioned');
        token.sub = row.id;
        token.role = row.role;
        token.sessionEpoch = row.sessionEpoch;
      } else if (user) {
        token.role = user.role;
        token.sessionEpoch = user.sessionEpoch;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub && isRole(token.role)) {
        session.user.id = token.sub;
        session.user.role = token.role;
        session.user.sessionEpoch = typeof token.sessionEpoch === 'number' ? token.sessionEpoch : -1;
      }
      return session;
    },
  },
};

/**
 * The options for one request to the sign-in routes. next-auth's signIn callback sees no request, so an
 * OIDC sign-in's audit entry would not know where it came from; the route hands the address in here.
 */
export function authOptionsFor(sourceIp: string): NextAuthOptions {
  return { ...authOptions, callbacks: { ...authOptions.callbacks, signIn: ({ account, profile }) => oidcSignIn(account, profile, sourceIp) } };
}
