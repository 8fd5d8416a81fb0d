/** The origin the browser used to reach Warden, for showing copy-paste URLs (never for redirects). */
export function requestOrigin(headers: Headers): string {
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost:3000';
  const proto = headers.get('x-forwarded-proto')?.split(',')[0] ?? 'http';
  return `${proto}://${host}`;
}
