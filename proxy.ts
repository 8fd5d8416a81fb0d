import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { authSecret } from '@/lib/auth/authSecret';
import { pageAccess } from '@/lib/auth/pageAccess';
import { contentSecurityPolicy, forbiddenPageHtml, isPublicPath } from '@/lib/http';

/**
 * Runs before every page and route handler: sets the per-request CSP nonce, and turns signed-out
 * requests away (pages → /login, API → 401 JSON). Pages are also checked against the database
 * here (ended sessions → /login, too low a role → 403) before anything streams; every page and
 * route handler still checks its role itself.
 */
export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const { pathname, search } = request.nextUrl;

  if (!isPublicPath(pathname)) {
    const token = await getToken({ req: request, secret: authSecret() });
    const isApi = pathname.startsWith('/api/');
    const access = !token ? 'signed-out' : isApi ? 'allowed' : await pageAccess(pathname, token);
    if (access !== 'allowed') {
      const response = isApi
        ? NextResponse.json({ error: 'unauthenticated', message: 'Sign in or send a valid token.' }, { status: 401 })
        : access === 'forbidden'
          ? new NextResponse(forbiddenPageHtml(), { status: 403, headers: { 'Content-Type': 'text/html; charset=utf-8' } })
          : NextResponse.redirect(loginUrl(request, pathname + search));
      response.headers.set('Content-Security-Policy', csp);
      return response;
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

function loginUrl(request: NextRequest, callbackPath: string): URL {
  const url = new URL('/login', request.url);
  if (callbackPath !== '/') url.searchParams.set('callbackUrl', callbackPath);
  return url;
}

// /api/v1/ routes bypass the proxy: they authenticate bearer tokens (or sessions) in their own
// guard, and the proxy would buffer (and cap) ingest bodies.
export const config = {
  matcher: ['/((?!_next/static|_next/image|icon.svg|favicon.ico|api/v1/).*)'],
};
