import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/server';

// Public by design: this is where signing in happens. Throttling lives in lib/auth/authenticate.
const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
