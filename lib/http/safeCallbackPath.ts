/** A post-sign-in destination restricted to this site's own paths (no open redirects). */
export function safeCallbackPath(value: unknown, fallback = '/executions'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return fallback;
  }
  return value.startsWith('/login') ? fallback : value;
}
