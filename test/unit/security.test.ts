import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../lib/auth/clientAddress';
import { generatePassword, passwordProblem } from '../../lib/auth/password';
import { hasRole, isRole, ROLES } from '../../lib/auth/roles';
import { selectedEnvironment } from '../../lib/environment';
import { contentSecurityPolicy, isPublicPath, safeCallbackPath } from '../../lib/http';

describe('roles', () => {
  it('are cumulative: analyst < lead < admin', () => {
    expect(ROLES.filter((role) => hasRole(role, 'analyst'))).toEqual(['analyst', 'lead', 'admin']);
    expect(ROLES.filter((role) => hasRole(role, 'lead'))).toEqual(['lead', 'admin']);
    expect(ROLES.filter((role) => hasRole(role, 'admin'))).toEqual(['admin']);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe('public paths (everything else needs a session)', () => {
  it.each(['/login', '/api/auth/csrf', '/api/auth/callback/credentials', '/api/health', '/_next/static/x.js', '/icon.svg'])('%s is public', (path) => {
    expect(isPublicPath(path)).toBe(true);
  });
  it.each(['/', '/executions', '/admin', '/api/environment', '/api/healthz', '/login2', '/api/authx', '/loginx/../admin'])('%s is not', (path) => {
    expect(isPublicPath(path)).toBe(false);
  });
});

describe('post-sign-in redirects stay on this site', () => {
  it.each([
    ['/executions?q=1', '/executions?q=1'],
    ['https://evil.example/', '/executions'],
    ['//evil.example/', '/executions'],
    ['/\\evil.example', '/executions'],
    ['javascript:alert(1)', '/executions'],
    ['/login?callbackUrl=/admin', '/executions'],
    [undefined, '/executions'],
  ])('%s → %s', (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});

describe('Content-Security-Policy', () => {
  it('allows scripts only by nonce or same origin, never inline, and forbids framing', () => {
    const csp = contentSecurityPolicy('abc123');
    const scriptSrc = csp.split('; ').find((directive) => directive.startsWith('script-src'))!;
    expect(scriptSrc).toContain("'nonce-abc123'");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'");
  });
});

describe('environment selection', () => {
  it('prefers the URL, then the cookie, then staging, and ignores unknown values', () => {
    expect(selectedEnvironment('production', 'staging')).toBe('production');
    expect(selectedEnvironment(undefined, 'production')).toBe('production');
    expect(selectedEnvironment('prod', 'nonsense')).toBe('staging');
  });
});

describe('passwords', () => {
  it('generates 20-character passwords that differ each time', () => {
    const generated = new Set(Array.from({ length: 50 }, generatePassword));
    expect(generated.size).toBe(50);
    for (const password of generated) expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  });
  it('refuses short and over-long (bcrypt would truncate) passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(73))).toMatch(/at most 72 bytes/);
    expect(passwordProblem('twelve chars')).toBeNull();
  });
});

describe('client address for per-source throttling', () => {
  it('takes the first X-Forwarded-For entry from either header shape', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.1' }))).toBe('203.0.113.9');
    expect(clientAddress({ 'x-forwarded-for': '::1' })).toBe('::1');
    expect(clientAddress(undefined)).toBe('unknown');
  });
});
