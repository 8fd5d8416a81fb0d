import { pool } from '../db/pool';
import type { Role } from './roles';
import { hasRole, isRole } from './roles';

/**
 * The least role each console page needs, by path prefix (longest first). Pages check it again
 * with requireRole; checking here too, before anything renders, keeps the answer a real
 * 307 / 403 even for pages that stream a loading.tsx skeleton before their guard has run.
 */
const PAGE_ROLES: ReadonlyArray<readonly [prefix: string, role: Role]> = [
  ['/admin', 'admin'],
  ['/', 'analyst'],
];

export function requiredPageRole(pathname: string): Role {
  for (const [prefix, role] of PAGE_ROLES) {
    if (pathname === prefix || pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) return role;
  }
  return 'analyst';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PageAccess = 'allowed' | 'signed-out' | 'forbidden';

/**
 * Whether the session in a JWT still stands (user active, same session epoch) and its user's
 * current role reaches the page's: the database decides, whatever the JWT says.
 */
export async function pageAccess(pathname: string, token: { sub?: string | null; sessionEpoch?: unknown } | null): Promise<PageAccess> {
  if (!token?.sub || !UUID.test(token.sub) || typeof token.sessionEpoch !== 'number') return 'signed-out';
  const { rows } = await pool().query<{ active: boolean; session_epoch: number; role: string }>(
    'SELECT active, session_epoch, role FROM users WHERE id = $1::uuid', [token.sub]);
  const user = rows[0];
  if (!user || !user.active || user.session_epoch !== token.sessionEpoch || !isRole(user.role)) return 'signed-out';
  return hasRole(user.role, requiredPageRole(pathname)) ? 'allowed' : 'forbidden';
}
