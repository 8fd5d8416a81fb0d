import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptionsFor, clientAddress } from '@/lib/auth/server';

type Context = { params: Promise<{ nextauth: string[] }> };

// Public by design: this is where signing in happens. Throttling lives in lib/auth/authenticate.
// Options per request, so an OIDC sign-in's audit entry records the address it came from.
async function handler(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, authOptionsFor(clientAddress(request.headers))) as Promise<Response>;
}

export { handler as GET, handler as POST };
