/**
 * Paths reachable without a session; everything else is denied by default in proxy.ts. Token-
 * authenticated endpoints (/api/v1/ingest, /api/v1/otlp/) are excluded from the proxy altogether.
 */
const PUBLIC_PATHS = ['/login', '/api/health', '/icon.svg', '/favicon.ico', '/robots.txt'];
const PUBLIC_TREES = ['/api/auth/', '/_next/', '/schemas/'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname) || PUBLIC_TREES.some((tree) => pathname.startsWith(tree));
}
