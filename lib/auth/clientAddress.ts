type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address as Next.js reports it in X-Forwarded-For (Next fills it from the socket when
 * absent). Behind a reverse proxy, that proxy must overwrite the header; see README "Deployment".
 */
export function clientAddress(headers: HeaderBag): string {
  const forwarded = header(headers, 'x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  return first ? first.slice(0, 64) : 'unknown';
}
