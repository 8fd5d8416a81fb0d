import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authenticate } from './authenticate';
import { authSecret } from './authSecret';
import { clientAddress } from './clientAddress';
import { isRole } from './roles';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

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
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
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
