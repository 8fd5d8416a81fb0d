/**
 * Paths reachable without a session; everything else is denied by default in proxy.ts. The
 * /api/v1/ endpoints are excluded from the proxy and guard themselves (token or session).
 */
const PUBLIC_PATHS = ['/login', '/api/health', '/icon.svg', '/favicon.ico', '/robots.txt'];
const PUBLIC_TREES = ['/api/auth/', '/_next/', '/schemas/'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname) || PUBLIC_TREES.some((tree) => pathname.startsWith(tree));
}
