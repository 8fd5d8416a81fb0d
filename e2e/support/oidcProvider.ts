import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import Provider from 'oidc-provider';

/** What the identity provider asserts about one account (its login in the sign-in form is its id). */
export interface IdpAccount {
  email: string;
  name?: string;
  emailVerified?: boolean;
  groups: string[];
}

export interface OidcClientSpec {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface RunningOidcProvider {
  issuer: string;
  /** Changes (or adds) an account's claims; the next sign-in gets them. */
  setAccount(login: string, account: IdpAccount): void;
  stop(): Promise<void>;
}

/** A free TCP port on localhost (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A real OpenID Connect provider (panva's `oidc-provider`, the certified implementation) on a free
 * port of this process, with one confidential client and accounts whose claims the test controls.
 * Sign-in and consent use the package's built-in development interactions: an HTML form that
 * accepts any password for a known login, and a consent page with a Continue button.
 * The `groups` claim is released only for the `groups` scope, as Okta and Authentik do.
 */
export async function startOidcProvider(client: OidcClientSpec, accounts: Record<string, IdpAccount>): Promise<RunningOidcProvider> {
  const known = new Map(Object.entries(accounts));
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: client.clientId, client_secret: client.clientSecret, redirect_uris: [client.redirectUri],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      if (!known.has(id)) return undefined;
      return {
        accountId: id,
        // Read at every token and userinfo request, so a changed account shows on the next sign-in.
        async claims() {
          const account = known.get(id)!;
          return { sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name ?? id, groups: account.groups };
        },
      };
    },
  });
  const server: Server = provider.listen(port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    issuer,
    setAccount: (login, account) => void known.set(login, account),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
