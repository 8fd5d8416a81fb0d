/**
 * The console's Content-Security-Policy: scripts only from this origin or carrying the per-request
 * nonce (never 'unsafe-inline'), no framing, no plugins. Inline style attributes stay allowed
 * because chart and diff libraries set them; styles cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
